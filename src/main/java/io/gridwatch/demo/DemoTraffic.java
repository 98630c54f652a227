package io.gridwatch.demo;

import io.gridwatch.auth.UserAdmin;
import io.gridwatch.cases.CaseService;
import io.gridwatch.cases.CaseService.Caller;
import io.gridwatch.cases.CaseStore.StoredCase;
import io.gridwatch.cases.workflow.Command;
import io.gridwatch.dispatch.store.DispatchStore;
import io.gridwatch.employers.Employer;
import io.gridwatch.employers.EmployerStore;
import io.gridwatch.geo.GridService;
import io.gridwatch.geo.Resolution;
import io.gridwatch.http.ApiException;
import io.gridwatch.store.StoreException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Demo mode's live traffic: on one periodic timer it files an invented complaint
 * ({@link DemoComplaints}) every {@code 60 / complaintsPerMinute} seconds, as the demo operator
 * (patrol reports as the district's assistant); on another it moves a share of the demo's open
 * cases one step along the workflow ({@link DemoWorkflow}), as the user who would take that step.
 * Everything goes through {@link CaseService}, so scope, the workflow's rules, events, outbox and
 * audit are exactly those of the API.
 *
 * <p>Pacing: a case waits at least {@link #DWELL_PERIODS} periods between two steps, longer for
 * some cases (chosen per case from the seed: about one in five is slow, one in twelve very slow),
 * shorter for urgent ones; at most {@link #STEPS_PER_TICK} steps are taken per tick, oldest-waiting
 * first. A case whose step fails (say a user changed it meanwhile) or has none to take rests for
 * a while, so it cannot hold up the others.
 *
 * <p>Never blocks: every call is asynchronous, a tick is skipped while the previous one of its
 * kind is still running, and {@link #stop()} cancels the timers and waits for the running ticks.
 * Runs on its own event-loop context; its state is touched only there.
 */
final class DemoTraffic extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(DemoTraffic.class);
  static final int STEPS_PER_TICK = 20;
  /**
   * Periods a case waits at least between two steps: at the default 20 complaints a minute, 30 s,
   * so that a case spends some minutes on the wall before it closes.
   */
  static final int DWELL_PERIODS = 10;
  static final int CANDIDATES = 300;
  /** Share of complaints that repeat a recent one (another worker of the same site calling). */
  static final double REPEAT = 0.06;
  static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
  private static final long IDLE_PERIOD_MS = 3000;

  private final CaseService cases;
  private final EmployerStore employers;
  private final UserAdmin users;
  private final DispatchStore roster;
  private final GridService grid;
  private final DemoStore store;
  private final Clock clock;
  private final double perMinute;
  private final long seed;

  private DemoCast cast;
  private DemoComplaints complaints;
  private Random filingRng;
  private long periodMs;
  private long dwellMs;
  private long fileTimer = -1;
  private long moveTimer = -1;
  private long fieldTimer = -1;
  private DemoField field;
  private Future<?> fielding = Future.succeededFuture();
  private Future<?> filing = Future.succeededFuture();
  private Future<?> moving = Future.succeededFuture();
  private volatile boolean stopping;
  private long filed;
  private long moved;
  private final Deque<Recent> recent = new ArrayDeque<>();
  /** Cases filed as repeats, to be merged into the earlier case: new case id → earlier case id. */
  private final Map<Long, Long> duplicateOf = bounded(2000);
  /** Cases resting after a failed step or none to take: id → until (ms, monotonic). */
  private final Map<Long, Long> resting = bounded(5000);

  private record Recent(long caseId, Employer employer, String category) {}

  DemoTraffic(CaseService cases, EmployerStore employers, UserAdmin users, DispatchStore roster, GridService grid,
      DemoStore store, Clock clock, double perMinute, long seed) {
    this.cases = cases;
    this.roster = roster;
    this.employers = employers;
    this.users = users;
    this.grid = grid;
    this.store = store;
    this.clock = clock;
    this.perMinute = perMinute;
    this.seed = seed;
  }

  @Override
  public Future<?> start() {
    return users.list().compose(list -> {
      Optional<DemoCast> c = DemoCast.of(list);
      if (c.isEmpty()) {
        LOG.warn("Demo traffic is off: the demo users {} and {} are missing or disabled", DemoCast.OPERATOR,
            DemoCast.SUPERVISOR);
        return Future.succeededFuture();
      }
      cast = c.get();
      field = new DemoField(roster, cases, grid, store, clock, cast, seed, perMinute);
      return employers.all().compose(list2 -> {
        if (list2.isEmpty()) {
          LOG.warn("Demo traffic is off: the employer registry is empty (no level-3 cells in the grid?)");
          return Future.succeededFuture();
        }
        complaints = new DemoComplaints(list2, grid.snapshot().resolver());
        return store.countCases().map(existing -> {
          // A restart continues with other complaints than the last run's, yet reproducibly.
          filingRng = new Random(mix(seed, existing));
          schedule();
          LOG.info("Demo traffic: {} complaints a minute (seed {}), {} employers, {} cases so far", perMinute, seed,
              list2.size(), existing);
          return null;
        });
      });
    });
  }

  private void schedule() {
    periodMs = perMinute > 0 ? Math.max(1, Math.round(60_000 / perMinute)) : IDLE_PERIOD_MS;
    dwellMs = DWELL_PERIODS * periodMs;
    if (perMinute > 0) {
      fileTimer = vertx.setPeriodic(periodMs, id -> fileTick());
    }
    moveTimer = vertx.setPeriodic(periodMs, id -> moveTick());
    fieldTimer = vertx.setPeriodic(field.tickPeriodMs(), id -> fieldTick());
    vertx.runOnContext(v -> fieldTick()); // on duty at once, not a tick later
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    if (fileTimer >= 0) {
      vertx.cancelTimer(fileTimer);
    }
    if (moveTimer >= 0) {
      vertx.cancelTimer(moveTimer);
    }
    if (fieldTimer >= 0) {
      vertx.cancelTimer(fieldTimer);
    }
    return Future.join(filing, moving, fielding).otherwiseEmpty();
  }

  // ---- filing

  private void fileTick() {
    if (!filing.isComplete() || stopping) {
      return;
    }
    filing = fileOne().onFailure(e -> failed("filing a demo complaint", e));
  }

  private Future<Void> fileOne() {
    double rush = SpringFestival.rush(LocalDate.now(clock.withZone(CHINA)));
    Recent repeat = !recent.isEmpty() && filingRng.nextDouble() < REPEAT
        ? new ArrayList<>(recent).get(filingRng.nextInt(recent.size())) : null;
    DemoComplaints.Generated g = complaints.next(filingRng, rush, repeat == null ? null : repeat.employer(),
        repeat == null ? null : repeat.category());
    Caller filer = cast.operator();
    if (g.patrol()) {
      double[] p = g.complaint().location().wgs84();
      String cell = grid.snapshot().resolver().resolve(p[0], p[1]).map(Resolution::deepest).map(c -> c.code())
          .orElse(null);
      filer = cast.assistantFor(cell, filingRng).orElse(filer);
    }
    String key = "demo-" + new UUID(filingRng.nextLong(), filingRng.nextLong());
    return cases.file(filer, g.complaint(), key).map(f -> {
      if (f.created()) {
        if (++filed % 500 == 0) {
          LOG.info("Demo traffic: {} complaints filed and {} steps taken since start", filed, moved);
        }
        recent.addLast(new Recent(f.caseId(), g.employer(), g.complaint().category()));
        if (recent.size() > 30) {
          recent.removeFirst();
        }
        if (repeat != null) {
          duplicateOf.put(f.caseId(), repeat.caseId());
        }
      }
      return null;
    });
  }

  // ---- the field (DemoField): inspectors on duty, accepting, travelling, checking in

  private void fieldTick() {
    if (!fielding.isComplete() || stopping) {
      return;
    }
    fielding = field.tick().onFailure(e -> failed("the demo field", e));
  }

  // ---- moving

  private void moveTick() {
    if (!moving.isComplete() || stopping) {
      return;
    }
    moving = moveSome().onFailure(e -> failed("moving demo cases", e));
  }

  private Future<Void> moveSome() {
    long now = System.nanoTime() / 1_000_000;
    resting.values().removeIf(until -> until <= now);
    return store.casesToMove(cast.ids().toArray(Long[]::new), resting.keySet().toArray(Long[]::new), CANDIDATES)
        .compose(rows -> {
      List<Long> due = new ArrayList<>();
      for (DemoStore.Waiting r : rows) {
        long id = r.id();
        if (r.waitedMs() >= dwellMs * pace(id, r.status(), r.urgency())) {
          due.add(id);
          if (due.size() == STEPS_PER_TICK) {
            break;
          }
        }
      }
      Future<Void> chain = Future.succeededFuture();
      for (long id : due) {
        chain = chain.compose(v -> stopping ? Future.succeededFuture() : moveOne(id).recover(e -> {
          rest(id);
          if (!(e instanceof ApiException || e instanceof StoreException)) {
            failed("moving demo case " + id, e);
          } else {
            LOG.debug("Demo case {} did not move: {}", id, e.getMessage());
          }
          return Future.succeededFuture();
        }));
      }
      return chain;
    });
  }

  private Future<Void> moveOne(long id) {
    return cases.store().load(id).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture();
      }
      StoredCase c = found.get();
      long version = c.state().version();
      Long dup = duplicateOf.remove(id);
      Random rng = new Random(mix(seed, mix(id, version)));
      Optional<DemoWorkflow.Step> next = DemoWorkflow.next(c.state(), facts(c), cast, rng, dup,
          LocalDate.now(clock.withZone(CHINA)));
      if (next.isEmpty()) {
        rest(id);
        return Future.succeededFuture();
      }
      DemoWorkflow.Step step = next.get();
      if (step.dispatchTeam() != null && field != null && step.dispatchTeam().stream().anyMatch(field::saturated)) {
        // No free team in the field: the case waits for one (see DemoField.MAX_OPEN).
        rest(id);
        return Future.succeededFuture();
      }
      Future<Command> command = step.dispatchTeam() != null ? cases.dispatch(version, step.dispatchTeam())
          : Future.succeededFuture(step.command());
      return command.compose(cmd -> cases.transition(step.caller(), id, cmd)).map(after -> {
        moved++;
        return null;
      });
    });
  }

  private static DemoWorkflow.Facts facts(StoredCase c) {
    Integer workers = c.details().workersInvolved();
    String amount = c.details().amountOwed();
    BigDecimal owed = amount == null ? null : new BigDecimal(amount);
    return new DemoWorkflow.Facts(c.cellCode(), c.category(), workers == null ? 1 : workers, owed);
  }

  private void rest(long id) {
    resting.put(id, System.nanoTime() / 1_000_000 + 20 * dwellMs);
  }

  /**
   * How many dwell periods a case waits before its next step: per case from the seed (most 1,
   * some 3, a few 12), halved when urgent, longer while parked or awaiting a follow-up call.
   */
  double pace(long id, String status, String urgency) {
    double u = (mix(seed, id) >>> 11) * 0x1.0p-53;
    double pace = u < 0.70 ? 1 : u < 0.92 ? 3 : 12;
    if ("URGENT".equals(urgency)) {
      pace /= 2;
    }
    if ("PARKED".equals(status)) {
      pace *= 8;
    } else if ("CLOSED".equals(status)) {
      pace *= 2;
    }
    return pace;
  }

  private void failed(String what, Throwable e) {
    if (stopping) {
      return;
    }
    if (e instanceof ApiException || e instanceof StoreException) {
      LOG.debug("Demo traffic: {} was refused: {}", what, e.getMessage());
    } else {
      LOG.warn("Demo traffic: {} failed: {}", what, e.toString());
    }
  }

  /** SplitMix64 of two values: a well-spread seed from a seed and a number. */
  static long mix(long a, long b) {
    long z = a * 0x9E3779B97F4A7C15L + b;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static <K, V> Map<K, V> bounded(int max) {
    return new LinkedHashMap<>() {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > max;
      }
    };
  }
}
