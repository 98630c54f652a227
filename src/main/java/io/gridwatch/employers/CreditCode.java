package io.gridwatch.employers;

import java.util.Locale;
import java.util.Optional;

/**
 * The unified social credit code (统一社会信用代码) of an employer, GB 32100-2015: 18 characters
 * from {@code 0-9 A-H J-N P-R T U W-Y} (no I, O, S, V, Z): registration authority (1), organisation
 * type (1), GB/T 2260 division code (6 digits), organisation code (9), and a check character
 * computed over the first 17 with weights 3^i mod 31. Stateless and thread-safe.
 */
public final class CreditCode {
  static final String CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

  private CreditCode() {}

  /**
   * Why {@code code} is not a valid credit code, or empty when it is. Lower-case letters and
   * surrounding spaces are accepted (normalise with {@link #normalise}).
   */
  public static Optional<String> problem(String code) {
    if (code == null) {
      return Optional.of("is missing");
    }
    String c = normalise(code);
    if (c.length() != 18) {
      return Optional.of("must have 18 characters, has " + c.length());
    }
    for (int i = 0; i < 18; i++) {
      if (CHARSET.indexOf(c.charAt(i)) < 0) {
        return Optional.of("character " + (i + 1) + " '" + c.charAt(i) + "' is not allowed (0-9 and A-Y without I, O, S, V, Z)");
      }
    }
    for (int i = 2; i < 8; i++) {
      if (!Character.isDigit(c.charAt(i))) {
        return Optional.of("characters 3-8 must be the digits of a division code");
      }
    }
    char expected = checkCharacter(c.substring(0, 17));
    if (c.charAt(17) != expected) {
      return Optional.of("the check character is '" + c.charAt(17) + "', expected '" + expected + "': a character was mistyped");
    }
    return Optional.empty();
  }

  public static boolean isValid(String code) {
    return problem(code).isEmpty();
  }

  /** Upper case, without surrounding spaces. */
  public static String normalise(String code) {
    return code.strip().toUpperCase(Locale.ROOT);
  }

  /** The check character of the first 17 characters (which must be from the charset). */
  public static char checkCharacter(String first17) {
    if (first17.length() != 17) {
      throw new IllegalArgumentException("need 17 characters");
    }
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      int v = CHARSET.indexOf(first17.charAt(i));
      if (v < 0) {
        throw new IllegalArgumentException("character " + (i + 1) + " is not allowed");
      }
      sum += v * WEIGHTS[i];
    }
    int r = 31 - sum % 31;
    return CHARSET.charAt(r == 31 ? 0 : r);
  }
}
