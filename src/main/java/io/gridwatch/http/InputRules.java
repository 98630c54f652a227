package io.gridwatch.http;

import java.time.OffsetDateTime;

/**
 * The rules every piece of text and every time that comes in must keep, whatever the route, so
 * that no input can make the database or the date arithmetic fail later (a NUL in a
 * {@code text} column, a year +999999999 plus one day): the checks of the contract gate
 * ({@link RequestValidation}), of {@link Params} and {@link JsonBody}, and of Open311's form
 * reader all end here. Coordinates have their own class, {@link Coordinates}.
 *
 * <ul>
 *   <li>Text: no control characters (C0 U+0000–U+001F, DEL, C1 U+0080–U+009F), except TAB, LF and
 *       CR in multi-line free text (a transition's {@code reason} or {@code note}; marked
 *       {@code x-multiline: true} in openapi.yaml); no lone UTF-16 surrogates (a JSON
 *       {@code "\ud800"} escape), which have no UTF-8 form.
 *   <li>Length: what the contract or the handler declares; text with no declared cap is cut
 *       off at {@link #DEFAULT_MAX_CHARS}.
 *   <li>Times: in the years {@link #FIRST_YEAR} to {@link #LAST_YEAR}, as written (so that
 *       adding a period to one can never overflow).
 * </ul>
 * Messages never repeat the value. Stateless and thread-safe.
 */
public final class InputRules {
  /** The cap on any text whose field declares none (openapi.yaml declares most). */
  public static final int DEFAULT_MAX_CHARS = 10_000;
  /** The first year a time in a request may have. */
  public static final int FIRST_YEAR = 2000;
  /** The last year a time in a request may have. */
  public static final int LAST_YEAR = 2100;

  private InputRules() {}

  /**
   * What is wrong with {@code text} as a value (control characters, lone surrogates), or null.
   *
   * @param multiline whether TAB, LF and CR are allowed (multi-line free text)
   */
  public static String textProblem(String text, boolean multiline) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c)) {
        if (multiline && (c == '\t' || c == '\n' || c == '\r')) {
          continue;
        }
        return "must not contain control characters (found U+" + String.format("%04X", (int) c)
            + (multiline ? "; only tab and line breaks are allowed)" : ")");
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
          continue;
        }
        return "must not contain a lone surrogate (text that is not valid Unicode)";
      }
      if (Character.isLowSurrogate(c)) {
        return "must not contain a lone surrogate (text that is not valid Unicode)";
      }
    }
    return null;
  }

  /** {@link #textProblem} and a length cap in code points (counted without surrounding blanks). */
  public static String textProblem(String text, boolean multiline, int maxChars) {
    String stripped = text.strip();
    // A quick bound first: a string of more than 2 * max chars has more than max code points.
    if (stripped.length() > 2 * maxChars || stripped.codePointCount(0, stripped.length()) > maxChars) {
      return "is longer than " + maxChars + " characters";
    }
    return textProblem(text, multiline);
  }

  /**
   * What is wrong with {@code time} as a time in a request, or null: its year, as written (in
   * its own offset), must be 2000 to 2100.
   */
  public static String timeProblem(OffsetDateTime time) {
    if (time.getYear() < FIRST_YEAR || time.getYear() > LAST_YEAR) {
      return "must be within the years 2000 to 2100";
    }
    return null;
  }
}
