package io.gridwatch.geo;

/**
 * Distances that shape a {@link GridResolver}'s answers.
 *
 * @param boundaryMeters a point within this distance of an edge of its cell is flagged
 *     {@code boundary} (default {@value #DEFAULT_BOUNDARY_METERS} m: the accuracy of a phone fix)
 * @param snapMeters a point in no leaf cell snaps to the nearest leaf within this distance
 *     (default {@value #DEFAULT_SNAP_METERS} m); beyond it the point is outside coverage
 */
public record ResolverSettings(double boundaryMeters, double snapMeters) {
  /** Default of {@link #boundaryMeters()}. */
  public static final double DEFAULT_BOUNDARY_METERS = 30;
  /** Default of {@link #snapMeters()}. */
  public static final double DEFAULT_SNAP_METERS = 200;
  /** The defaults: 30 m boundary band, 200 m snapping. */
  public static final ResolverSettings DEFAULTS =
      new ResolverSettings(DEFAULT_BOUNDARY_METERS, DEFAULT_SNAP_METERS);

  /** @throws IllegalArgumentException when a distance is negative or not finite */
  public ResolverSettings {
    if (!(boundaryMeters >= 0) || !Double.isFinite(boundaryMeters)) {
      throw new IllegalArgumentException("boundaryMeters must be a finite number >= 0, was " + boundaryMeters);
    }
    if (!(snapMeters >= 0) || !Double.isFinite(snapMeters)) {
      throw new IllegalArgumentException("snapMeters must be a finite number >= 0, was " + snapMeters);
    }
  }
}
