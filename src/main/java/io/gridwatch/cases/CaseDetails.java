package io.gridwatch.cases;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * What a stored case says beyond its workflow state ({@code CaseState}), as {@link CaseStore}
 * read it: the complaint as filed, where it lies, the outcome and the current supervision.
 * Values are as stored (null where the column is); {@code amountOwed} is the decimal's text.
 */
public record CaseDetails(String channel, String urgency, JsonObject attributes, Location location,
    Long cellVersionId, String unassignedReason, Boolean boundary, Boolean snapped, String employerName,
    String employerCreditCode, Integer workersInvolved, Integer mergedWorkers, String amountOwed, String description,
    Complainant complainant, JsonObject outcome, Supervision supervision, OffsetDateTime createdAt,
    OffsetDateTime updatedAt) {

  /** Where the complaint was made: as given (lon, lat, crs) and in WGS84; null when not located. */
  public record Location(double lon, double lat, String crs, Double lonWgs84, Double latWgs84) {}

  /** The complainant's personal data in clear (mask before showing: {@code privacy.Masking}). */
  public record Complainant(String name, String phone, String idNumber) {}

  /**
   * The case's current supervision (督办; docs/supervision.md), or null when none: {@code level}
   * is the case's supervision column, the rest the supervision row's; {@code note} is not read for
   * lists. {@code caseOpen} says whether the case was open when read (for "overdue").
   */
  public record Supervision(String level, String source, String reason, String unit, OffsetDateTime dueAt,
      String note, Long placedBy, String placedByName, OffsetDateTime placedAt, boolean caseOpen) {

    /** Open case whose supervision's due time (办结时限) has passed by {@code now} (null: never). */
    public boolean overdue(Instant now) {
      return caseOpen && dueAt != null && now != null && !now.isBefore(dueAt.toInstant());
    }
  }
}
