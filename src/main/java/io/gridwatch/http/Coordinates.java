package io.gridwatch.http;

/**
 * The one rule for a longitude or latitude coming in from outside, whatever the route (a
 * complaint's location, a grid resolve by query or in a batch, Open311's {@code lat}/{@code long},
 * a check-in's location, a position): a finite number of degrees, within [-180, 180] or
 * [-90, 90], and either exactly 0 or at least {@link #SMALLEST_DEGREES} away from it.
 *
 * <p>Why the last rule: a value such as {@code 1e-320} is a subnormal double. Java and JSON carry
 * it, but PostgreSQL's float arithmetic raises "value out of range: underflow" on it (and on
 * products of such values), so a case stored there made every read of itself and of its
 * neighbours fail. No place on Earth needs a coordinate within 1e-9° (0.1 mm) of 0 other than 0
 * itself, so anything in between is refused as absurd rather than rounded silently.
 *
 * <p>Messages never repeat the value. Stateless and thread-safe.
 */
public final class Coordinates {
  /** The smallest non-zero magnitude accepted, in degrees (about 0.1 mm on the ground). */
  public static final double SMALLEST_DEGREES = 1e-9;

  private Coordinates() {}

  /** What is wrong with {@code lon} as a longitude in degrees, or null when it is fine. */
  public static String longitudeProblem(double lon) {
    return problem(lon, 180, "a longitude");
  }

  /** What is wrong with {@code lat} as a latitude in degrees, or null when it is fine. */
  public static String latitudeProblem(double lat) {
    return problem(lat, 90, "a latitude");
  }

  /** Whether both are fine. */
  public static boolean valid(double lon, double lat) {
    return longitudeProblem(lon) == null && latitudeProblem(lat) == null;
  }

  private static String problem(double v, double bound, String what) {
    if (!Double.isFinite(v)) {
      return "must be a finite number (" + what + " in degrees)";
    }
    if (v < -bound || v > bound) {
      return "is out of range " + -bound + ".." + bound;
    }
    if (v != 0 && Math.abs(v) < SMALLEST_DEGREES) {
      return "is too close to 0 to be " + what + " (give 0, or at least 1e-9 degrees)";
    }
    return null;
  }
}
