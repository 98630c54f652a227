package io.gridwatch.cases;

import io.gridwatch.cases.workflow.CaseEvent;
import io.gridwatch.cases.workflow.CaseState;
import java.util.List;

/**
 * Told after a case change has committed: what other capabilities do in reaction (the roster's
 * duty status following the work), outside the change's transaction, so that their failure never
 * undoes or delays a case step. Called on the event loop of the committing request: must not
 * block. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface CaseCommitted {
  /**
   * @param before the case's state before the change
   * @param after its state after the change
   * @param events the events the change recorded, in order
   */
  void committed(CaseState before, CaseState after, List<CaseEvent> events);
}
