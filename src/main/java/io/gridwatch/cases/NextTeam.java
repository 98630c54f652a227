package io.gridwatch.cases;

import io.vertx.core.Future;
import java.util.List;
import java.util.Set;

/**
 * Who the system offers a case to when it dispatches by itself (automatic dispatch of urgent
 * work, the next team after a refusal or an acceptance timeout). Implemented by the dispatch
 * capability's ranking, so that the case workflow does not depend on it. Implementations must be
 * thread-safe.
 */
@FunctionalInterface
public interface NextTeam {
  /** Nobody: every dispatch is left to the operator. */
  NextTeam NONE = (caseId, excluded) -> Future.succeededFuture(List.of());

  /**
   * The user ids of the best team for case {@code caseId}, leaving out {@code excluded}; an
   * empty list when no team can be made.
   */
  Future<List<Long>> pick(long caseId, Set<Long> excluded);
}
