package io.gridwatch.http;

import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and validates query parameters, collecting every problem before failing once with a
 * 400 problem that lists them all. No value with control characters is ever returned
 * ({@link InputRules}). One instance per request; not thread-safe.
 */
public final class Params {
  private final RoutingContext ctx;
  private final List<FieldError> errors = new ArrayList<>();

  public Params(RoutingContext ctx) {
    this.ctx = ctx;
  }

  private String raw(String name) {
    List<String> all = ctx.queryParam(name);
    if (all.size() > 1) {
      errors.add(new FieldError(name, "given " + all.size() + " times; give it once"));
      return null;
    }
    if (all.isEmpty()) {
      return null;
    }
    String problem = InputRules.textProblem(all.get(0), false);
    if (problem != null) {
      errors.add(new FieldError(name, problem));
      return null;
    }
    return all.get(0);
  }

  /** A required longitude in degrees, by {@link Coordinates}. */
  public double requiredLongitude(String name) {
    return coordinate(name, requiredDouble(name, -180, 180), true);
  }

  /** A required latitude in degrees, by {@link Coordinates}. */
  public double requiredLatitude(String name) {
    return coordinate(name, requiredDouble(name, -90, 90), false);
  }

  private double coordinate(String name, double v, boolean longitude) {
    if (Double.isNaN(v)) {
      return v; // already reported
    }
    String problem = longitude ? Coordinates.longitudeProblem(v) : Coordinates.latitudeProblem(v);
    if (problem != null) {
      errors.add(new FieldError(name, problem));
      return Double.NaN;
    }
    return v;
  }

  /** A required finite number within [min, max]; NaN, infinities and text are refused. */
  public double requiredDouble(String name, double min, double max) {
    String v = raw(name);
    if (v == null || v.isBlank()) {
      if (!hasError(name)) {
        errors.add(new FieldError(name, "is required"));
      }
      return Double.NaN;
    }
    return parseDouble(name, v, min, max);
  }

  public static Double parseDoubleOrNull(String v) {
    try {
      double d = Double.parseDouble(v.trim());
      return Double.isFinite(d) ? d : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private double parseDouble(String name, String v, double min, double max) {
    Double d = parseDoubleOrNull(v);
    if (d == null || v.trim().matches("(?i).*[a-df-z].*")) {
      errors.add(new FieldError(name, "'" + abbreviate(v) + "' is not a finite number"));
      return Double.NaN;
    }
    if (d < min || d > max) {
      errors.add(new FieldError(name, d + " is out of range " + min + ".." + max));
      return Double.NaN;
    }
    return d;
  }

  /**
   * A positive whole-number path parameter (an id), or a 400 problem naming it. Used on its own,
   * not collected: a malformed id makes the rest of the request meaningless.
   */
  public static long pathId(RoutingContext ctx, String name) {
    String raw = ctx.pathParam(name);
    try {
      long id = Long.parseLong(raw);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // falls through to the problem below
    }
    throw ApiException.badRequest(name, "must be a positive whole number");
  }

  /** An optional whole number within [min, max], or {@code null} when absent. */
  public Integer optionalInt(String name, int min, int max) {
    String v = raw(name);
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n < min || n > max) {
        errors.add(new FieldError(name, n + " is out of range " + min + ".." + max));
        return null;
      }
      return n;
    } catch (NumberFormatException e) {
      errors.add(new FieldError(name, "'" + abbreviate(v) + "' is not a whole number"));
      return null;
    }
  }

  /** An optional text matching {@code pattern} (described as {@code what} in the error). */
  public String optionalText(String name, String pattern, String what) {
    String v = raw(name);
    if (v == null || v.isBlank()) {
      return null;
    }
    if (!v.matches(pattern)) {
      errors.add(new FieldError(name, "'" + abbreviate(v) + "' is not " + what));
      return null;
    }
    return v;
  }

  /**
   * An optional ISO-8601 time with offset within the years 2000 to 2100 ({@link InputRules}), or
   * {@code null} when absent or invalid.
   */
  public java.time.OffsetDateTime optionalTime(String name) {
    String v = raw(name);
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      java.time.OffsetDateTime time = java.time.OffsetDateTime.parse(v.trim());
      String problem = InputRules.timeProblem(time);
      if (problem != null) {
        errors.add(new FieldError(name, problem));
        return null;
      }
      return time;
    } catch (java.time.format.DateTimeParseException e) {
      errors.add(new FieldError(name, "'" + abbreviate(v) + "' is not an ISO-8601 time with offset"));
      return null;
    }
  }

  /** An optional true/false, or {@code null} when absent. */
  public Boolean optionalBool(String name) {
    String v = raw(name);
    if (v == null || v.isBlank()) {
      return null;
    }
    if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
      return Boolean.valueOf(v.toLowerCase(java.util.Locale.ROOT));
    }
    errors.add(new FieldError(name, "must be true or false"));
    return null;
  }

  /**
   * Optional free text of at most {@code max} characters without control characters, stripped;
   * the error never repeats it (search text may be anything a user typed).
   */
  public String optionalSearchText(String name, int max) {
    String v = raw(name);
    if (v == null || v.isBlank()) {
      return null;
    }
    String t = v.strip();
    if (t.codePointCount(0, t.length()) > max || t.chars().anyMatch(Character::isISOControl)) {
      errors.add(new FieldError(name, "must be at most " + max + " characters without control characters"));
      return null;
    }
    return t;
  }

  /** {@code text} escaped for a LIKE pattern with backslash as the escape character. */
  public static String likeEscaped(String text) {
    return text == null ? null : text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  public boolean flag(String name) {
    String v = raw(name);
    if (v == null) {
      return false;
    }
    if (v.equalsIgnoreCase("true") || v.isEmpty()) {
      return true;
    }
    if (!v.equalsIgnoreCase("false")) {
      errors.add(new FieldError(name, "must be true or false"));
    }
    return false;
  }

  /** Adds an error found by the caller's own checks. */
  public void error(String field, String message) {
    errors.add(new FieldError(field, message));
  }

  private boolean hasError(String name) {
    return errors.stream().anyMatch(e -> e.field().equals(name));
  }

  /** Fails with a 400 problem listing every error, if there is any. */
  public void validate() {
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
  }

  static String abbreviate(String v) {
    return v.length() <= 40 ? v : v.substring(0, 40) + "…";
  }
}
