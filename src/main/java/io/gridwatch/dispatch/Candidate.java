package io.gridwatch.dispatch;

import java.util.Objects;

/**
 * One staff member as the ranking scored them for a case. The score is the sum of the parts
 * below, kept in tenths of a point so that it is exact and ties are real ties. The parts are
 * sized so that each tier dominates everything after it (see {@link TeamRanker}): grid level,
 * then readiness, then having a fresh position, then proximity, workload and idle time together.
 * Immutable and thread-safe.
 *
 * @param staff the staff member
 * @param level the level of the member's grid cell in the case's chain (1, 2 or 3)
 * @param distanceMeters great-circle distance from the member's fresh position to the case, or
 *     NaN when either is unknown (or the position is stale)
 * @param idleSeconds seconds since the member's last assignment (0 when it lies in the future),
 *     or -1 when never assigned
 * @param levelTenths points for the level, in tenths: 30000 for the case's own cell, 20000 for
 *     the level above, 10000 for two levels above
 * @param readinessTenths 5000 when AVAILABLE or EN_ROUTE, else 0
 * @param positionTenths 2500 when the distance is known, else 0
 * @param proximityTenths round(10 × 100 × 1000 / (1000 + distance)): 1000 at the door, 500 at
 *     1 km; 0 when the distance is unknown
 * @param workloadTenths round(10 × 60 / (1 + open assignments)): 600 with none open
 * @param idleTenths round(10 × 40 × min(idle, 8 h) / 8 h); 400 when never assigned
 */
public record Candidate(Staff staff, int level, double distanceMeters, long idleSeconds,
    int levelTenths, int readinessTenths, int positionTenths, int proximityTenths,
    int workloadTenths, int idleTenths) {

  public Candidate {
    Objects.requireNonNull(staff, "staff");
  }

  /** The staff member's user id. */
  public long userId() {
    return staff.userId();
  }

  /** The whole score in tenths of a point. */
  public int scoreTenths() {
    return levelTenths + readinessTenths + positionTenths + proximityTenths + workloadTenths
        + idleTenths;
  }

  /** The whole score, in points (one decimal). */
  public double score() {
    return scoreTenths() / 10.0;
  }

  /** Whether a distance to the case is known. */
  public boolean distanceKnown() {
    return !Double.isNaN(distanceMeters);
  }
}
