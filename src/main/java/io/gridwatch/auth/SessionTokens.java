package io.gridwatch.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Session tokens: {@code base64url(sessionId) + "." + base64url(HMAC-SHA256(serverKey, sessionId))}
 * with a 256-bit random session id. The signature lets every node throw away forged or mangled
 * tokens without a database round trip; the session row (stored under SHA-256 of the id) is
 * what makes a token valid, so logging out, a password change or an admin's change ends it at
 * once. Thread-safe (a {@link Mac} per call).
 */
final class SessionTokens {
  static final int ID_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();
  private final byte[] key;

  /** A freshly issued token and the key of its session row. */
  record Issued(String token, byte[] idHash) {}

  SessionTokens(byte[] key) {
    if (key.length < 32) {
      throw new IllegalArgumentException("the session key needs at least 256 bits");
    }
    this.key = key.clone();
  }

  Issued issue() {
    byte[] id = new byte[ID_BYTES];
    RANDOM.nextBytes(id);
    return new Issued(B64.encodeToString(id) + "." + B64.encodeToString(sign(id)), sha256(id));
  }

  /**
   * The session-row key of {@code token}, or null when the token is malformed or its signature
   * is wrong (compared in constant time).
   */
  byte[] idHashOf(String token) {
    if (token == null || token.length() > 200) {
      return null;
    }
    int dot = token.indexOf('.');
    if (dot <= 0 || dot != token.lastIndexOf('.')) {
      return null;
    }
    byte[] id;
    byte[] signature;
    try {
      id = B64D.decode(token.substring(0, dot));
      signature = B64D.decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (id.length != ID_BYTES || !MessageDigest.isEqual(signature, sign(id))) {
      return null;
    }
    return sha256(id);
  }

  /** The printable, non-secret reference of a session row. */
  static String reference(byte[] idHash) {
    return B64.encodeToString(idHash);
  }

  private byte[] sign(byte[] id) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(id);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

}
