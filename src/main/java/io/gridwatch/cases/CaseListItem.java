package io.gridwatch.cases;

import io.gridwatch.cases.clock.Deadline;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * One case of {@code GET /api/cases} as {@link CaseStore#list} read it (sql/cases/list-cases.sql):
 * its headline facts, the next running deadline (null when none) and whether any unmet deadline
 * is provisional.
 */
public record CaseListItem(long id, String caseNo, String status, long version, String channel, String category,
    String urgency, String cellCode, String unassignedReason, Double lonWgs84, Double latWgs84, String employerName,
    String employerCreditCode, Integer workersInvolved, Integer mergedWorkers, String amountOwed,
    io.vertx.core.json.JsonObject attributes, CaseDetails.Supervision supervision, Deadline nextDeadline,
    boolean provisionalDeadlines, CaseDetails.Complainant complainant, List<Long> assignedInspectors,
    List<Long> acceptedBy, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

  /** A page of the list and the number of all cases that pass the filter. */
  public record Page(List<CaseListItem> items, long total) {}
}
