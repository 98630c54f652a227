package io.gridwatch.dispatch.store;

import io.gridwatch.cases.CaseCommitted;
import io.gridwatch.cases.workflow.CaseEvent;
import io.gridwatch.cases.workflow.CaseState;
import io.gridwatch.dispatch.DutyStatus;
import java.time.Clock;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The roster follows the work, so that the wall and the ranking see who is really free: an
 * inspector who accepts an assignment is EN_ROUTE, one who checks in is ON_SITE, and a team
 * released (refused, timed out, returned) or done (resolved) is AVAILABLE again. Only the
 * statuses the work set are changed: a person who said BUSY or went OFF_DUTY keeps it. Each
 * change is a {@code staff.status} event ({@code automatic: true}). Thread-safe: stateless apart
 * from the thread-safe store.
 */
public final class DutyFollowsWork implements CaseCommitted {
  private static final Logger LOG = LoggerFactory.getLogger(DutyFollowsWork.class);
  private static final Set<DutyStatus> FREE_OR_TRAVELLING = EnumSet.of(DutyStatus.AVAILABLE, DutyStatus.EN_ROUTE);
  private static final Set<DutyStatus> WORKING = EnumSet.of(DutyStatus.EN_ROUTE, DutyStatus.ON_SITE);

  private final DispatchStore store;
  private final Clock clock;

  public DutyFollowsWork(DispatchStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @Override
  public void committed(CaseState before, CaseState after, List<CaseEvent> events) {
    for (CaseEvent e : events) {
      switch (e.type()) {
        case "accepted" -> set(e.actor().userId(), DutyStatus.EN_ROUTE, EnumSet.of(DutyStatus.AVAILABLE));
        case "arrived" -> {
          if (before.isAssigned(e.actor().userId())) {
            set(e.actor().userId(), DutyStatus.ON_SITE, FREE_OR_TRAVELLING);
          }
        }
        case "resolved" -> after.assignedInspectors().forEach(u -> set(u, DutyStatus.AVAILABLE, WORKING));
        case "assignment-refused", "dispatch-timeout", "returned" -> {
          Set<Long> released = new HashSet<>(before.assignedInspectors());
          released.removeAll(after.assignedInspectors());
          released.forEach(u -> set(u, DutyStatus.AVAILABLE, EnumSet.of(DutyStatus.EN_ROUTE)));
        }
        default -> {
          // Other steps leave the roster as it is.
        }
      }
    }
  }

  private void set(long userId, DutyStatus status, Set<DutyStatus> from) {
    if (userId <= 0) {
      return;
    }
    store.setStatusIf(userId, status, from, clock.instant()).onFailure(e ->
        LOG.warn("Duty status of user {} not changed to {}: {}", userId, status, e.toString()));
  }
}
