package io.gridwatch.dispatch;

import java.time.Instant;
import java.util.Objects;

/**
 * The last position a staff member's phone reported. Immutable and thread-safe.
 *
 * @param point where, in WGS84 (the roster converts other systems before it gets here)
 * @param accuracyMeters the phone's reported horizontal accuracy in metres, 0 or more
 * @param at when the phone took it
 */
public record Position(LonLat point, double accuracyMeters, Instant at) {
  public Position {
    Objects.requireNonNull(point, "point");
    Objects.requireNonNull(at, "at");
    if (!(accuracyMeters >= 0) || Double.isInfinite(accuracyMeters)) {
      throw new IllegalArgumentException("accuracyMeters " + accuracyMeters + " must be a finite number >= 0");
    }
  }

  /** A position at {@code lon}, {@code lat} with the given accuracy and time. */
  public static Position of(double lon, double lat, double accuracyMeters, Instant at) {
    return new Position(new LonLat(lon, lat), accuracyMeters, at);
  }
}
