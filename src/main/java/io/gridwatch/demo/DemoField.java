package io.gridwatch.demo;

import io.gridwatch.cases.CaseService;
import io.gridwatch.cases.CaseService.Caller;
import io.gridwatch.cases.workflow.Command;
import io.gridwatch.dispatch.DutyStatus;
import io.gridwatch.dispatch.store.DispatchStore;
import io.gridwatch.geo.model.GeoMath;
import io.gridwatch.geo.model.GridCell;
import io.gridwatch.geo.GridService;
import io.gridwatch.http.ApiException;
import io.gridwatch.store.StoreException;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's inspectors in the field (issue 11, item 7): they go on duty with a position inside
 * their grid, and work their assignments by themselves. On each tick (every
 * {@link #TICK_DEMO_MS} of demo time) the field
 * <ol>
 *   <li>reads the open assignments of the demo inspectors (cases DISPATCHED, ON_SITE or
 *       INVESTIGATING naming them);</li>
 *   <li>lets each assigned inspector answer a new dispatch: most accept within a minute of demo
 *       time; {@link #REFUSE} refuse with a reason and {@link #TIME_OUT} never answer (the
 *       acceptance times out);</li>
 *   <li>moves each inspector who accepted towards their oldest open assignment at street speed
 *       ({@link #SPEED_MPS}, a straight line), storing the position through
 *       {@link DispatchStore#storePosition} (which announces {@code staff.position}) every tick
 *       while moving, about once a demo minute while waiting; duty status EN_ROUTE on the way,
 *       ON_SITE there, AVAILABLE with nothing to do (each change through
 *       {@link DispatchStore#setStatus}, which announces {@code staff.status});</li>
 *   <li>checks in ({@code arrive}) when the first team member reaches the case and every member
 *       has accepted.</li>
 * </ol>
 * Investigating and resolving stay with {@link DemoTraffic}'s workflow moves (ON_SITE and
 * INVESTIGATING cases), by the same inspectors.
 *
 * <p><b>Demo time</b> runs {@code max(1, complaintsPerMinute / 20)} times faster than real time,
 * so that a fast demo (as the tests run it) also travels and accepts faster; at the default 20
 * complaints a minute it is real time. Movement goes by the demo time that really passed between
 * two ticks (a tick skipped while the previous one still ran loses no distance).
 *
 * <p>Decisions come from the seed (per case, inspector and the moment the dispatch was first
 * seen), so a run is reproducible up to timing. State is kept in memory and touched only on the
 * owning verticle's context ({@link DemoTraffic}); every call is asynchronous, and a tick is
 * skipped by the caller while the previous one runs. Not thread-safe.
 */
final class DemoField {
  private static final Logger LOG = LoggerFactory.getLogger(DemoField.class);
  /** One tick of demo time: positions are stored this often while moving. */
  static final long TICK_DEMO_MS = 10_000;
  /** Street speed, 15 km/h. */
  static final double SPEED_MPS = 15_000 / 3600.0;
  /** Within this distance of the case an inspector is on site. */
  static final double ON_SITE_METRES = 30;
  /** The latest an accepting inspector answers, in demo time. */
  static final long ACCEPT_WITHIN_MS = 60_000;
  /**
   * The most open assignments (dispatched, on site, investigating) the demo operator gives one
   * demo inspector: two inspectors a district walking at 15 km/h cannot keep up with the default
   * stream of complaints, and without a cap their queues (and each tick's work) would grow
   * without end. Beyond it cases wait REGISTERED, as they would for a free team.
   */
  static final int MAX_OPEN = 3;
  static final double REFUSE = 0.05;
  static final double TIME_OUT = 0.05;
  /** A waiting inspector's position is stored about this often (demo time), so it never goes stale. */
  static final long IDLE_REPORT_MS = 60_000;
  static final List<String> REFUSE_REASONS = List.of(
      "正在处理另一起紧急案件，无法按时到场",
      "身体不适，已向中队长请假",
      "车辆故障，暂无法前往");

  /** How a demo inspector answers one dispatch. */
  enum Answer { ACCEPT, REFUSE, TIME_OUT }

  /** One demo inspector in the field. */
  static final class Walker {
    final Caller caller;
    final String gridCode;
    double lon;
    double lat;
    DutyStatus status = DutyStatus.OFF_DUTY;
    long lastReportMs = Long.MIN_VALUE / 2;
    /** Demo time of the walker's last tick: the distance walked is speed × the time since. */
    long lastStepMs;

    Walker(Caller caller, String gridCode) {
      this.caller = caller;
      this.gridCode = gridCode;
    }
  }

  /** An open assignment as the tick reads it. */
  record Assignment(long caseId, String status, long version, Double lon, Double lat, List<Long> team,
      List<Long> accepted) {}

  private final DispatchStore roster;
  private final CaseService cases;
  private final GridService grid;
  private final DemoStore store;
  private final Clock clock;
  private final DemoCast cast;
  private final long seed;
  private final double timeFactor;
  private final Map<Long, Walker> walkers = new LinkedHashMap<>();
  /** Inspectors with {@link #MAX_OPEN} or more open assignments at the last tick. */
  private final java.util.Set<Long> saturated = new java.util.HashSet<>();
  /** When (demo ms) each (case, inspector) dispatch was first seen unanswered: "caseId/userId" → ms. */
  private final Map<String, Long> firstSeen = new HashMap<>();
  private long demoMs;
  private long lastRealNanos = -1;
  private boolean started;

  DemoField(DispatchStore roster, CaseService cases, GridService grid, DemoStore store, Clock clock, DemoCast cast,
      long seed, double complaintsPerMinute) {
    this.roster = roster;
    this.cases = cases;
    this.grid = grid;
    this.store = store;
    this.clock = clock;
    this.cast = cast;
    this.seed = seed;
    this.timeFactor = timeFactor(complaintsPerMinute);
  }

  /** How much faster than real time the demo's field runs at this complaint rate. */
  static double timeFactor(double complaintsPerMinute) {
    return Math.max(1, complaintsPerMinute / 20);
  }

  /** Whether the demo operator should not give {@code inspectorId} another assignment now. */
  boolean saturated(long inspectorId) {
    return saturated.contains(inspectorId);
  }

  /** The real period of the field's timer, in ms. */
  long tickPeriodMs() {
    return Math.max(20, Math.round(TICK_DEMO_MS / timeFactor));
  }

  /** One tick: the first puts every demo inspector on duty, every one works the assignments. */
  Future<Void> tick() {
    long now = System.nanoTime();
    if (lastRealNanos >= 0) {
      // At most a minute of demo time per tick: a stalled server does not teleport anyone.
      demoMs += Math.min(60_000, Math.round((now - lastRealNanos) / 1e6 * timeFactor));
    }
    lastRealNanos = now;
    if (!started) {
      started = true;
      return goOnDuty();
    }
    Long[] ids = walkers.keySet().toArray(Long[]::new);
    return store.fieldAssignments(ids).compose(open -> {
      Map<Long, Integer> load = new HashMap<>();
      open.forEach(a -> a.team().forEach(id -> load.merge(id, 1, Integer::sum)));
      saturated.clear();
      load.forEach((id, n) -> {
        if (n >= MAX_OPEN) {
          saturated.add(id);
        }
      });
      return answerAndArrive(open).compose(v -> walk(open));
    });
  }

  // ---- on duty

  private Future<Void> goOnDuty() {
    Future<Void> chain = Future.succeededFuture();
    for (Caller c : cast.inspectorCallers()) {
      String grid = c.scope().isCityWide() ? null : cast.gridOf(c.userId());
      if (grid == null) {
        continue;
      }
      Walker w = new Walker(c, grid);
      w.lastStepMs = demoMs;
      walkers.put(c.userId(), w);
      chain = chain.compose(v -> roster.entry(w.caller.userId()).compose(entry -> {
        if (entry.isPresent() && entry.get().position() != null) {
          // A restart: carry on from where they were.
          w.lon = entry.get().position().point().lon();
          w.lat = entry.get().position().point().lat();
        } else {
          double[] home = home(w);
          w.lon = home[0];
          w.lat = home[1];
        }
        DutyStatus was = entry.map(DispatchStore.Entry::status).orElse(DutyStatus.OFF_DUTY);
        w.status = was;
        return was == DutyStatus.OFF_DUTY ? status(w, DutyStatus.AVAILABLE) : Future.succeededFuture();
      }).compose(x -> report(w)).recover(e -> failed("putting " + w.caller.username() + " on duty", e)));
    }
    return chain.onSuccess(v -> LOG.info("Demo field: {} inspectors on duty (demo time x{})", walkers.size(),
        timeFactor));
  }

  /** A point inside the inspector's grid cell, from the seed; the cell's interior point failing that. */
  private double[] home(Walker w) {
    GridCell cell = grid.snapshot().cellsByCode().get(w.gridCode);
    if (cell == null) {
      return new double[] {104.0657, 30.6595}; // 天府广场, the demo city's centre
    }
    Random rng = new Random(DemoTraffic.mix(seed, w.caller.userId()));
    Envelope e = cell.geometry().getEnvelopeInternal();
    GeometryFactory f = cell.geometry().getFactory();
    for (int i = 0; i < 50; i++) {
      double lon = e.getMinX() + rng.nextDouble() * e.getWidth();
      double lat = e.getMinY() + rng.nextDouble() * e.getHeight();
      if (cell.geometry().contains(f.createPoint(new Coordinate(lon, lat)))) {
        return new double[] {lon, lat};
      }
    }
    Point p = cell.geometry().getInteriorPoint();
    return new double[] {p.getX(), p.getY()};
  }

  // ---- answering and checking in

  private Future<Void> answerAndArrive(List<Assignment> open) {
    Future<Void> chain = Future.succeededFuture();
    for (Assignment a : open) {
      if (!"DISPATCHED".equals(a.status())) {
        continue;
      }
      // A team that does not all accept in time is released by the server's acceptance timeout
      // (dispatch.acceptTimeoutSeconds), which offers the case to the next team by itself.
      boolean allAccepted = a.accepted().containsAll(a.team());
      for (long id : a.team()) {
        Walker w = walkers.get(id);
        if (w == null || a.accepted().contains(id)) {
          continue;
        }
        long seen = firstSeen.computeIfAbsent(a.caseId() + "/" + id, k -> demoMs);
        Random rng = new Random(DemoTraffic.mix(seed, DemoTraffic.mix(a.caseId() * 31 + id, seen)));
        Answer answer = answer(rng);
        if (answer == Answer.ACCEPT && demoMs - seen >= 5_000 + (long) (rng.nextDouble() * (ACCEPT_WITHIN_MS - 5_000))) {
          // One action per case and tick: the version moves on with each.
          chain = chain.compose(v -> act(w.caller, a.caseId(), new Command.Accept(a.version())));
          break;
        }
        if (answer == Answer.REFUSE && demoMs - seen >= 20_000) {
          // 拒单: the case goes back to REGISTERED and the server offers it to the next team.
          String reason = DemoNames.pick(rng, REFUSE_REASONS);
          chain = chain.compose(v -> act(w.caller, a.caseId(), new Command.Refuse(a.version(), reason)));
          break;
        }
        // TIME_OUT: never answers; the acceptance timeout takes the case on.
      }
      if (allAccepted) {
        for (long id : a.team()) {
          Walker w = walkers.get(id);
          if (w != null && there(w, a)) {
            // Checks in with where the phone is; the server measures the distance to the case.
            Command.CheckIn at = new Command.CheckIn(w.lon, w.lat, 10.0, null, false);
            chain = chain.compose(v -> act(w.caller, a.caseId(), new Command.Arrive(a.version(), at)));
            break;
          }
        }
      }
    }
    return chain;
  }

  /** How one inspector answers one dispatch, from its seeded random. */
  static Answer answer(Random rng) {
    double r = rng.nextDouble();
    return r < REFUSE ? Answer.REFUSE : r < REFUSE + TIME_OUT ? Answer.TIME_OUT : Answer.ACCEPT;
  }

  private Future<Void> act(Caller caller, long caseId, Command command) {
    return cases.transition(caller, caseId, command).<Void>mapEmpty()
        .recover(e -> failed(caller.username() + " " + command.getClass().getSimpleName() + " on case " + caseId, e));
  }

  // ---- walking

  private Future<Void> walk(List<Assignment> open) {
    Future<Void> chain = Future.succeededFuture();
    for (Walker w : walkers.values()) {
      Assignment job = null;
      for (Assignment a : open) {
        if (a.team().contains(w.caller.userId()) && a.accepted().contains(w.caller.userId())) {
          job = a;
          break;
        }
      }
      Assignment target = job;
      chain = chain.compose(v -> step(w, target).recover(e -> failed("moving " + w.caller.username(), e)));
    }
    return chain;
  }

  private Future<Void> step(Walker w, Assignment job) {
    long elapsedMs = demoMs - w.lastStepMs;
    w.lastStepMs = demoMs;
    if (job == null) {
      Future<Void> s = w.status == DutyStatus.AVAILABLE ? Future.succeededFuture() : status(w, DutyStatus.AVAILABLE);
      return demoMs - w.lastReportMs >= IDLE_REPORT_MS ? s.compose(v -> report(w)) : s;
    }
    if (there(w, job)) {
      Future<Void> s = w.status == DutyStatus.ON_SITE ? Future.succeededFuture() : status(w, DutyStatus.ON_SITE);
      return demoMs - w.lastReportMs >= IDLE_REPORT_MS ? s.compose(v -> report(w)) : s;
    }
    double[] next = towards(w.lon, w.lat, job.lon(), job.lat(), SPEED_MPS * elapsedMs / 1000.0);
    w.lon = next[0];
    w.lat = next[1];
    Future<Void> s = w.status == DutyStatus.EN_ROUTE ? Future.succeededFuture() : status(w, DutyStatus.EN_ROUTE);
    return s.compose(v -> report(w));
  }

  /** Whether {@code w} is at the case (a case without a location: wherever they are). */
  private static boolean there(Walker w, Assignment a) {
    return a.lon() == null || a.lat() == null
        || GeoMath.haversineMetres(w.lon, w.lat, a.lon(), a.lat()) <= ON_SITE_METRES;
  }

  /**
   * The point {@code metres} from (lon, lat) on the straight line to (toLon, toLat), or the
   * destination when it is nearer. Plane geometry on local metres: exact enough within a city.
   */
  static double[] towards(double lon, double lat, double toLon, double toLat, double metres) {
    double d = GeoMath.haversineMetres(lon, lat, toLon, toLat);
    if (d <= metres || d == 0) {
      return new double[] {toLon, toLat};
    }
    double f = Math.max(0, metres) / d;
    return new double[] {lon + (toLon - lon) * f, lat + (toLat - lat) * f};
  }

  private Future<Void> status(Walker w, DutyStatus s) {
    return roster.setStatus(w.caller.userId(), s, clock.instant()).onSuccess(v -> w.status = s);
  }

  /** Stores the walker's position; the demo is its own throttle (one per tick at most). */
  private Future<Void> report(Walker w) {
    DispatchStore.Report r = new DispatchStore.Report(w.lon, w.lat, "WGS84", w.lon, w.lat, 10, clock.instant());
    return roster.storePosition(w.caller.userId(), r, Duration.ZERO, clock.instant()).map(o -> {
      w.lastReportMs = demoMs;
      return null;
    });
  }

  private static Future<Void> failed(String what, Throwable e) {
    if (e instanceof ApiException || e instanceof StoreException) {
      LOG.debug("Demo field: {} was refused: {}", what, e.getMessage());
    } else {
      LOG.warn("Demo field: {} failed: {}", what, e.toString());
    }
    return Future.succeededFuture();
  }
}
