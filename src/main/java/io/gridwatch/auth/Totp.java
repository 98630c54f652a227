package io.gridwatch.auth;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords, RFC 6238 with the settings every authenticator app uses:
 * HMAC-SHA1, 30-second steps from the Unix epoch, 6 digits. A code is accepted for its own step
 * and one step either side (clock drift), and only for a step later than the last one accepted
 * for the same user, so an observed code cannot be replayed (RFC 6238 section 5.2). Stateless
 * and thread-safe.
 */
public final class Totp {
  public static final int DIGITS = 6;
  public static final int PERIOD_SECONDS = 30;
  /** Steps accepted on either side of the current one. */
  public static final int WINDOW = 1;
  /** 160-bit keys, the length RFC 4226 section 4 recommends for HMAC-SHA1. */
  static final int SECRET_BYTES = 20;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Totp() {}

  /** A new random key. */
  public static byte[] newSecret() {
    byte[] key = new byte[SECRET_BYTES];
    RANDOM.nextBytes(key);
    return key;
  }

  /** The 30-second step that {@code t} falls in. */
  public static long step(Instant t) {
    return Math.floorDiv(t.getEpochSecond(), PERIOD_SECONDS);
  }

  /** The 6-digit code for {@code step}. */
  public static String code(byte[] key, long step) {
    return code(key, step, DIGITS, "HmacSHA1");
  }

  /** RFC 4226 dynamic truncation of HMAC(key, step); other digits and hashes for the RFC's vectors. */
  static String code(byte[] key, long step, int digits, String hmac) {
    byte[] counter = new byte[8];
    for (int i = 7; i >= 0; i--) {
      counter[i] = (byte) (step & 0xff);
      step >>>= 8;
    }
    byte[] h;
    try {
      Mac mac = Mac.getInstance(hmac);
      mac.init(new SecretKeySpec(key, "RAW"));
      h = mac.doFinal(counter);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(hmac + " is not available", e);
    }
    int offset = h[h.length - 1] & 0x0f;
    int binary = ((h[offset] & 0x7f) << 24) | ((h[offset + 1] & 0xff) << 16)
        | ((h[offset + 2] & 0xff) << 8) | (h[offset + 3] & 0xff);
    int otp = binary % (int) Math.pow(10, digits);
    return String.format("%0" + digits + "d", otp);
  }

  /**
   * The step {@code code} is valid for at {@code now} (within ±{@value #WINDOW} step), or -1
   * when it is wrong, malformed, or not later than {@code lastUsedStep} (null: none used yet).
   * Every candidate step is compared, in constant time, so the time taken says nothing.
   */
  public static long verify(byte[] key, String code, Instant now, Long lastUsedStep) {
    if (key == null || code == null) {
      return -1;
    }
    String digits = code.replace(" ", "");
    if (!digits.matches("[0-9]{" + DIGITS + "}")) {
      return -1;
    }
    byte[] given = digits.getBytes(StandardCharsets.US_ASCII);
    long current = step(now);
    long matched = -1;
    for (long s = current - WINDOW; s <= current + WINDOW; s++) {
      boolean equal = MessageDigest.isEqual(given, code(key, s).getBytes(StandardCharsets.US_ASCII));
      if (equal && matched < 0 && (lastUsedStep == null || s > lastUsedStep)) {
        matched = s;
      }
    }
    return matched;
  }

  /**
   * The {@code otpauth://} URI an authenticator app reads from a QR code (Google Authenticator
   * key-URI format): label {@code issuer:account}, with the key in base32.
   */
  public static String uri(String issuer, String account, byte[] key) {
    String label = encode(issuer) + ":" + encode(account);
    return "otpauth://totp/" + label + "?secret=" + Base32.encode(key) + "&issuer=" + encode(issuer)
        + "&algorithm=SHA1&digits=" + DIGITS + "&period=" + PERIOD_SECONDS;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
