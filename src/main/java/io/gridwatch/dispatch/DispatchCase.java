package io.gridwatch.dispatch;

import java.util.Objects;

/**
 * What the ranking needs to know about the case to staff. Immutable and thread-safe.
 *
 * @param caseId the case's id (for logs and reasons only)
 * @param cellCode the case's deepest grid cell, normally its level-3 cell (12 digits); a 6- or
 *     9-digit code is accepted for a case placed only down to level 1 or 2
 * @param location where the work is, WGS84, or null when the case has no location (then distance
 *     plays no part and the result says so)
 * @param enforcement whether the work is an investigation or inspection (调查、检查) that needs at
 *     least two inspectors on site (劳动保障监察条例 art. 16); assistants never count toward them.
 *     When false (verification, a visit), assistants may make up the team.
 */
public record DispatchCase(long caseId, String cellCode, LonLat location, boolean enforcement) {
  public DispatchCase {
    Objects.requireNonNull(cellCode, "cellCode");
    if (GridChain.levelOf(cellCode) == 0) {
      throw new IllegalArgumentException("case " + caseId + ": cell code '" + cellCode
          + "' is not 6, 9 or 12 digits");
    }
  }
}
