package io.gridwatch.auth;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/**
 * RFC 4648 base32, the alphabet authenticator apps expect for TOTP keys. Encodes without
 * padding; decodes upper or lower case, ignoring spaces, hyphens and padding. Stateless.
 */
final class Base32 {
  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  private Base32() {}

  static String encode(byte[] data) {
    StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(ALPHABET.charAt((buffer >> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
    }
    return out.toString();
  }

  /** The bytes of {@code text}; throws {@link IllegalArgumentException} on a foreign character. */
  static byte[] decode(String text) {
    String s = text.replaceAll("[\\s=-]", "").toUpperCase(Locale.ROOT);
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() * 5 / 8);
    int buffer = 0;
    int bits = 0;
    for (int i = 0; i < s.length(); i++) {
      int v = ALPHABET.indexOf(s.charAt(i));
      if (v < 0) {
        throw new IllegalArgumentException("not base32: character " + (i + 1));
      }
      buffer = (buffer << 5) | v;
      bits += 5;
      if (bits >= 8) {
        out.write((buffer >> (bits - 8)) & 0xff);
        bits -= 8;
      }
    }
    return out.toByteArray();
  }
}
