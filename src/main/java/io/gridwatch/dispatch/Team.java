package io.gridwatch.dispatch;

import java.util.List;

/**
 * A proposed team, as {@code GET /api/cases/{caseId}/candidates} shows it:
 * {@code {"inspectors": [userId, ...], "score", "reasons": [...]}}. Immutable and thread-safe.
 *
 * @param members the members, best-ranked first (distinct)
 * @param score the mean of the members' scores, to 0.01 (higher is better)
 * @param reasons why: the team's score, then each member's level, status, distance, workload and
 *     idle time, in member order
 */
public record Team(List<Candidate> members, double score, List<Reason> reasons) {

  public Team {
    members = List.copyOf(members);
    reasons = List.copyOf(reasons);
  }

  /**
   * The members' user ids, best-ranked first: the API's {@code inspectors} (the name is fixed by
   * the API; for work that is not enforcement the team may include assistants).
   */
  public List<Long> inspectors() {
    return members.stream().map(Candidate::userId).toList();
  }

  /** The reasons as the API's strings ({@link Reason#line()}). */
  public List<String> reasonLines() {
    return reasons.stream().map(Reason::line).toList();
  }
}
