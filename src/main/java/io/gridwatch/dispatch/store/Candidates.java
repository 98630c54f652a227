package io.gridwatch.dispatch.store;

import io.gridwatch.auth.Scope;
import io.gridwatch.config.DispatchSettings;
import io.gridwatch.dispatch.DispatchCase;
import io.gridwatch.dispatch.GridChain;
import io.gridwatch.dispatch.Recommendation;
import io.gridwatch.dispatch.Staff;
import io.gridwatch.dispatch.TeamRanker;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The teams recommended for a case: reads the case's site and the roster of its grid chain, and
 * ranks them with {@link TeamRanker}. Used by the candidates endpoint (the operator's choice) and
 * by automatic dispatch (the system's choice, leaving out people who already refused or let the
 * case time out). Thread-safe: immutable settings, the thread-safe store, a pure ranker.
 */
public final class Candidates {
  private final DispatchStore store;
  private final DispatchSettings settings;
  private final Clock clock;

  public Candidates(DispatchStore store, DispatchSettings settings, Clock clock) {
    this.store = store;
    this.settings = settings;
    this.clock = clock;
  }

  /** A case's site and what the ranker made of its staff. */
  public record Ranked(DispatchStore.CaseSite site, Recommendation recommendation) {}

  /** Note shown when a case has no cell yet: nobody can be recommended. */
  public static final String UNASSIGNED_NOTE = "案件尚未分配网格，无法推荐；请先指定网格";

  /**
   * The recommendation for case {@code caseId}, leaving out the users in {@code excluded}; empty
   * when there is no such case. A case without a (rankable) cell gets no teams and
   * {@link #UNASSIGNED_NOTE}.
   */
  public Future<Optional<Ranked>> forCase(long caseId, Set<Long> excluded) {
    return store.caseSite(caseId).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture(Optional.empty());
      }
      DispatchStore.CaseSite c = found.get();
      // The ranking knows 6-, 9- and 12-digit cells; a 14-digit cell is staffed from its 12-digit parent.
      String cell = c.cellCode() == null ? null
          : c.cellCode().length() == 14 ? c.cellCode().substring(0, 12) : c.cellCode();
      if (cell == null || GridChain.levelOf(cell) == 0) {
        return Future.succeededFuture(Optional.of(new Ranked(c, null)));
      }
      GridChain chain = GridChain.of(cell);
      List<String> codes = new ArrayList<>();
      for (int level = 1; level <= chain.deepestLevel(); level++) {
        codes.add(chain.codeAt(level));
      }
      Instant now = clock.instant();
      Duration staleAfter = Duration.ofSeconds(settings.staleSeconds());
      return store.staff(Scope.cityWide(), null, codes, null).map(entries -> {
        List<Staff> staff = new ArrayList<>(entries.size());
        for (DispatchStore.Entry e : entries) {
          if (!excluded.contains(e.userId())) {
            staff.add(new Staff(e.userId(), e.username(), e.name(), e.role(), e.gridCode(), e.status(),
                e.position(), e.stale(now, staleAfter), e.openAssignments(), e.lastAssignedAt()));
          }
        }
        // Every case is treated as enforcement work (two inspectors, assistants not counted)
        // until categories say which work is verification only.
        Recommendation r = TeamRanker.rank(new DispatchCase(c.caseId(), cell, c.location(), true), staff, now);
        return Optional.of(new Ranked(c, r));
      });
    });
  }
}
