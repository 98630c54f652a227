package io.gridwatch.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** TOTP against the test vectors of RFC 6238 appendix B, and the rules GridWatch adds. */
class TotpTest {
  private static final byte[] SHA1_KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SHA256_KEY = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SHA512_KEY =
      "1234567890123456789012345678901234567890123456789012345678901234".getBytes(StandardCharsets.US_ASCII);

  @ParameterizedTest(name = "t={0}")
  @CsvSource({
      "59,          94287082, 46119246, 90693936",
      "1111111109,  07081804, 68084774, 25091201",
      "1111111111,  14050471, 67062674, 99943326",
      "1234567890,  89005924, 91819424, 93441116",
      "2000000000,  69279037, 90698825, 38618901",
      "20000000000, 65353130, 77737706, 47863826"})
  void the_rfc_6238_vectors_come_out_for_all_three_hashes(long time, String sha1, String sha256, String sha512) {
    long step = Totp.step(Instant.ofEpochSecond(time));
    assertThat(Totp.code(SHA1_KEY, step, 8, "HmacSHA1")).isEqualTo(sha1);
    assertThat(Totp.code(SHA256_KEY, step, 8, "HmacSHA256")).isEqualTo(sha256);
    assertThat(Totp.code(SHA512_KEY, step, 8, "HmacSHA512")).isEqualTo(sha512);
    // Six digits are the last six of eight: the same truncation, a smaller modulus.
    assertThat(Totp.code(SHA1_KEY, step)).isEqualTo(sha1.substring(2));
  }

  @Test
  void a_code_is_good_one_step_either_side_and_not_two() {
    Instant now = Instant.ofEpochSecond(1_111_111_111L);
    long step = Totp.step(now);
    assertThat(Totp.verify(SHA1_KEY, Totp.code(SHA1_KEY, step), now, null)).isEqualTo(step);
    assertThat(Totp.verify(SHA1_KEY, Totp.code(SHA1_KEY, step - 1), now, null)).isEqualTo(step - 1);
    assertThat(Totp.verify(SHA1_KEY, Totp.code(SHA1_KEY, step + 1), now, null)).isEqualTo(step + 1);
    assertThat(Totp.verify(SHA1_KEY, Totp.code(SHA1_KEY, step - 2), now, null)).isEqualTo(-1);
    assertThat(Totp.verify(SHA1_KEY, Totp.code(SHA1_KEY, step + 2), now, null)).isEqualTo(-1);
  }

  @Test
  void a_code_already_used_or_older_than_the_last_used_is_refused() {
    Instant now = Instant.ofEpochSecond(1_234_567_890L);
    long step = Totp.step(now);
    String code = Totp.code(SHA1_KEY, step);
    assertThat(Totp.verify(SHA1_KEY, code, now, step)).isEqualTo(-1);
    assertThat(Totp.verify(SHA1_KEY, Totp.code(SHA1_KEY, step - 1), now, step - 1)).isEqualTo(-1);
    assertThat(Totp.verify(SHA1_KEY, code, now, step - 1)).isEqualTo(step);
  }

  @Test
  void malformed_codes_are_simply_wrong() {
    Instant now = Instant.ofEpochSecond(59);
    assertThat(Totp.verify(SHA1_KEY, "", now, null)).isEqualTo(-1);
    assertThat(Totp.verify(SHA1_KEY, "12345", now, null)).isEqualTo(-1);
    assertThat(Totp.verify(SHA1_KEY, "abcdef", now, null)).isEqualTo(-1);
    assertThat(Totp.verify(SHA1_KEY, null, now, null)).isEqualTo(-1);
    assertThat(Totp.verify(SHA1_KEY, "287 082", now, null)).isEqualTo(1);
  }

  @Test
  void keys_are_160_bits_and_travel_as_base32_in_an_otpauth_uri() {
    byte[] key = Totp.newSecret();
    assertThat(key).hasSize(20);
    String b32 = Base32.encode(key);
    assertThat(b32).hasSize(32).matches("[A-Z2-7]+");
    assertThat(Base32.decode(b32)).isEqualTo(key);
    assertThat(Base32.decode(b32.toLowerCase())).isEqualTo(key);
    // RFC 4648 section 10.
    assertThat(Base32.encode("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
    assertThat(Base32.decode("MZXW6YQ=")).isEqualTo("foob".getBytes(StandardCharsets.US_ASCII));
    assertThat(Totp.uri("GridWatch", "inspector 1", key)).isEqualTo("otpauth://totp/GridWatch:inspector%201?secret="
        + b32 + "&issuer=GridWatch&algorithm=SHA1&digits=6&period=30");
  }
}
