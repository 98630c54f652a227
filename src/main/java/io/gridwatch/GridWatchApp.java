package io.gridwatch;

import io.gridwatch.audit.AuditEndpoint;
import io.gridwatch.audit.AuditLog;
import io.gridwatch.auth.CurrentUser;
import io.gridwatch.auth.Accounts;
import io.gridwatch.config.GridWatchConfig;
import io.gridwatch.geo.GridEndpoint;
import io.gridwatch.geo.GridService;
import io.gridwatch.geo.store.GridStore;
import io.gridwatch.health.HealthEndpoint;
import io.gridwatch.http.ContractEndpoint;
import io.gridwatch.http.HttpServerVerticle;
import io.gridwatch.store.DatabaseProvisioner;
import io.gridwatch.store.DatabaseProvisioner.Provisioned;
import io.gridwatch.store.Migrations;
import io.gridwatch.store.Sql;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running GridWatch: the database (provisioned and migrated), Vert.x, the pool, the
 * capabilities (grid, then accounts) and the HTTP server, started in that order and stopped in
 * reverse; with {@code --demo}, the demo's staff and employers before the server and its live
 * traffic after it. Used by {@link Main} and by the tests, which start the real thing on a database of
 * their own, and may pass their own {@link Clock} to move time.
 */
public final class GridWatchApp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GridWatchApp.class);
  /** Lowered by the tests so that blocking an event loop shows up in the log. */
  public static final String MAX_EVENT_LOOP_MS_PROPERTY = "gridwatch.maxEventLoopExecuteMs";

  private final GridWatchConfig config;
  private final Provisioned database;
  private final Vertx vertx;
  private final Pool pool;
  private final Clock clock;
  private final AuditLog audit;
  private final GridService grid;
  private final GridStore gridStore;
  private Accounts accounts;
  private io.gridwatch.cases.CaseService cases;
  private io.gridwatch.escalation.DeadlineSweeper sweeper;
  private io.gridwatch.cases.AcceptanceTimeouts acceptanceTimeouts;
  private io.gridwatch.incidents.IncidentSweeper incidentSweeper;
  private String incidentSweeperId;
  private io.gridwatch.live.LiveEvents live;
  private HttpServerVerticle http;
  private io.gridwatch.employers.EmployerStore employers;
  private String demoTraffic;
  private io.gridwatch.notifications.Notifications notifications;

  private GridWatchApp(GridWatchConfig config, Provisioned database, Vertx vertx, Pool pool, Clock clock) {
    this.config = config;
    this.database = database;
    this.vertx = vertx;
    this.pool = pool;
    this.clock = clock;
    this.audit = new AuditLog(pool);
    this.gridStore = new GridStore(vertx, pool);
    this.grid = new GridService(vertx, gridStore, audit, config);
  }

  /**
   * Provisions and migrates the database and starts Vert.x with its pool, without serving
   * HTTP (the CLI commands use this). Blocking: call from a plain thread.
   */
  public static GridWatchApp open(GridWatchConfig config) {
    return open(config, Clock.systemUTC());
  }

  private static GridWatchApp open(GridWatchConfig config, Clock clock) {
    Provisioned db = DatabaseProvisioner.provision(config.dbUrl(), config.dataDir());
    try {
      Migrations.migrate(db.url());
      Sql.loadAll();
      VertxOptions options = new VertxOptions();
      Long maxMs = Long.getLong(MAX_EVENT_LOOP_MS_PROPERTY);
      if (maxMs != null) {
        options.setMaxEventLoopExecuteTime(maxMs).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS);
      }
      Vertx vertx = Vertx.vertx(options);
      Pool pool = PgBuilder.pool()
          .with(new PoolOptions().setMaxSize(config.dbPoolSize()).setName("gridwatch"))
          .connectingTo(db.url().connectOptions())
          .using(vertx)
          .build();
      GridWatchApp app = new GridWatchApp(config, db, vertx, pool, clock);
      app.grid.start().await();
      return app;
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /** {@link #open} plus the accounts (first admin, demo users) and the HTTP server. Blocking. */
  public static GridWatchApp start(GridWatchConfig config) {
    return start(config, Clock.systemUTC());
  }

  /** {@link #start(GridWatchConfig)} with the clock sessions, lockouts and TOTP go by. */
  public static GridWatchApp start(GridWatchConfig config, Clock clock) {
    GridWatchApp app = open(config, clock);
    try {
      app.accounts = new Accounts(app.vertx, app.pool, app.audit,
          code -> app.grid.snapshot().cellsByCode().containsKey(code), config, clock);
      app.accounts.start().await();
      app.accounts.bootstrap(System.out).await();
      List<io.gridwatch.http.Endpoint> endpoints = new ArrayList<>(List.of(
          new HealthEndpoint(new io.gridwatch.health.HealthStore(app.pool), app.grid),
          new ContractEndpoint()));
      endpoints.addAll(app.accounts.endpoints());
      // Every route that takes a body installs its own BodyHandler with its own limit: JSON with
      // http.maxBodyBytes, an evidence upload up to evidence.maxBytes, a grid import up to
      // grid.maxImportBytes.
      endpoints.add(io.gridwatch.evidence.EvidenceEndpoint.create(app.vertx, app.pool, app.audit, config.evidence(),
          clock).await());
      endpoints.add(new GridEndpoint(app.grid, app.gridStore, config));
      io.gridwatch.cases.CategoryCatalogue.bundled(); // read the catalogue here, not on an event loop
      var roster = new io.gridwatch.dispatch.store.DispatchStore(app.pool);
      var candidates = new io.gridwatch.dispatch.store.Candidates(roster, config.dispatch(), clock);
      io.gridwatch.cases.NextTeam nextTeam = (caseId, excluded) -> candidates.forCase(caseId, excluded)
          .map(found -> found.map(io.gridwatch.dispatch.store.Candidates.Ranked::recommendation)
              .filter(r -> r != null && !r.teams().isEmpty())
              .map(r -> r.teams().get(0).inspectors()).orElse(List.of()));
      app.cases = new io.gridwatch.cases.CaseService(app.grid, new io.gridwatch.cases.CaseStore(app.pool, app.audit),
          new io.gridwatch.cases.CaseClocks(app.deadlineCalculator(),
              java.time.Duration.ofSeconds(config.dispatch().acceptTimeoutSeconds())),
          clock, config.dispatch(), nextTeam);
      app.cases.onCommitted(new io.gridwatch.dispatch.store.DutyFollowsWork(roster, clock));
      var caseEndpoint = new io.gridwatch.cases.CaseEndpoint(app.cases, app.audit, config);
      endpoints.add(caseEndpoint);
      endpoints.add(new io.gridwatch.cases.SupervisionEndpoint(app.pool, app.cases, caseEndpoint, app.audit, config));
      endpoints.addAll(new io.gridwatch.open311.Open311(app.pool, app.audit, app.cases, app.grid, config, clock)
          .endpoints());
      app.employers = new io.gridwatch.employers.EmployerStore(app.pool);
      endpoints.add(new io.gridwatch.employers.EmployerEndpoint(app.employers));
      // Disabling or moving field staff tells the walls, in the account change's transaction.
      app.accounts.admin().listen(new io.gridwatch.dispatch.store.StaffAccountEvents(clock));
      endpoints.add(new io.gridwatch.dispatch.http.DispatchEndpoint(roster, candidates, config.dispatch(),
          config.httpMaxBodyBytes(), clock));
      io.gridwatch.demo.DemoMode demo = null;
      if (config.demo()) {
        demo = new io.gridwatch.demo.DemoMode(app.vertx, app.pool, app.grid, app.accounts, app.cases, app.employers,
            app.audit, config, clock, roster);
        demo.seed().await();
      }
      endpoints.add(new AuditEndpoint(app.audit, ctx -> CurrentUser.of(ctx).actor(ctx)));
      app.sweeper = new io.gridwatch.escalation.DeadlineSweeper(app.pool, clock);
      app.vertx.deployVerticle(app.sweeper).await();
      app.acceptanceTimeouts = new io.gridwatch.cases.AcceptanceTimeouts(app.pool, app.cases, clock);
      app.vertx.deployVerticle(app.acceptanceTimeouts).await();
      endpoints.add(new io.gridwatch.stats.StatsEndpoint(new io.gridwatch.stats.StatsStore(app.pool), app.grid, clock));
      // Notifications away from the screen: the dispatcher tails the outbox from its own cursor
      // row, so it may start at any point; its cursor began at the outbox's end (no replay).
      app.notifications = new io.gridwatch.notifications.Notifications(app.vertx, app.pool, app.audit, app.grid,
          config, clock);
      app.notifications.start().await();
      endpoints.addAll(app.notifications.endpoints());
      // Mass incidents: the detector sweeps the cases changed since its cursor (docs/incidents.md).
      var incidents = new io.gridwatch.incidents.IncidentStore(app.pool, app.audit, config.incidents(),
          app.cases.clocks().calculator().calendar());
      app.incidentSweeper = new io.gridwatch.incidents.IncidentSweeper(incidents, clock);
      app.incidentSweeperId = app.vertx.deployVerticle(app.incidentSweeper).await();
      endpoints.add(new io.gridwatch.incidents.IncidentEndpoint(incidents, config, clock));
      // The relay starts before the HTTP server listens: no live socket can exist before the
      // relay has fixed where it starts, so a client that connects and then replays misses nothing.
      app.live = new io.gridwatch.live.LiveEvents(app.vertx, app.pool, app.database.url().connectOptions(),
          app.accounts.auth(), app.accounts.policy(), config.live());
      app.live.start().await();
      endpoints.addAll(app.live.endpoints());
      // Last: the wall's static files answer only what no capability's route took.
      endpoints.add(new io.gridwatch.wall.WallEndpoint());
      app.http = new HttpServerVerticle(config, app.accounts.guard(), endpoints);
      app.vertx.deployVerticle(app.http).await();
      // More instances, each on an event loop of its own, share the port: Vert.x spreads
      // connections over them round-robin, so live sockets, and the writes of the fan-out, use
      // every core. The endpoints are shared by the instances and are thread-safe for it; each
      // instance builds its own router (and the live bridge one bridge per router).
      int more = config.effectiveHttpInstances() - 1;
      if (more > 0) {
        app.vertx.deployVerticle(() -> new HttpServerVerticle(config, app.accounts.guard(), endpoints),
            new io.vertx.core.DeploymentOptions().setInstances(more)).await();
      }
      LOG.info("HTTP served by {} event loop(s)", more + 1);
      if (demo != null) {
        app.demoTraffic = demo.startTraffic().await();
      }
      return app;
    } catch (RuntimeException e) {
      app.close();
      throw e;
    }
  }

  /**
   * The working-day calendar and the service promises: the bundled ones, with the files of
   * {@code clocks.calendarDir} replacing or adding years and, when it holds one, its
   * {@code service-promises.json} replacing the bundled table. Unverified and missing years are
   * warned about: deadlines counted over them are provisional (docs/clocks.md).
   */
  private io.gridwatch.cases.clock.DeadlineCalculator deadlineCalculator() {
    java.util.Optional<java.nio.file.Path> dir = config.clocksCalendarDir();
    var calendar = dir.map(io.gridwatch.cases.clock.WorkingCalendar::loadBundledAnd)
        .orElseGet(io.gridwatch.cases.clock.WorkingCalendar::loadBundled);
    var promisesFile = dir.map(d -> d.resolve("service-promises.json")).filter(java.nio.file.Files::isRegularFile);
    var promises = promisesFile.map(io.gridwatch.cases.clock.ServicePromises::load)
        .orElseGet(io.gridwatch.cases.clock.ServicePromises::loadBundled);
    LOG.info("Working-day calendar {}{}; service promises from {}", calendar.years(),
        dir.map(d -> " (with the files of " + d + ")").orElse(""),
        promisesFile.map(Object::toString).orElse("the bundled table"));
    if (!calendar.unverifiedYears().isEmpty()) {
      LOG.warn("Working-day calendar years {} are not verified against the State Council notices; deadlines "
          + "counted over them are marked provisional (docs/clocks.md)", calendar.unverifiedYears());
    }
    int lastYear = calendar.years().stream().mapToInt(Integer::intValue).max().orElseThrow();
    if (io.gridwatch.cases.clock.WorkingCalendar.dateOf(clock.instant()).getYear() >= lastYear) {
      LOG.warn("The working-day calendar ends with {}: deadlines reaching into {} are counted on weekends only "
          + "and marked provisional until cn-{}.json is added to {}", lastYear, lastYear + 1, lastYear + 1,
          io.gridwatch.config.ConfigKeys.CLOCKS_CALENDAR_DIR);
    }
    return new io.gridwatch.cases.clock.DeadlineCalculator(calendar, promises, clock);
  }

  public int httpPort() {
    return http == null ? -1 : http.actualPort();
  }

  /** The HTTP verticle, or null when only {@link #open opened}. */
  public HttpServerVerticle http() {
    return http;
  }

  /** The employer registry, or null when only {@link #open opened}. */
  public io.gridwatch.employers.EmployerStore employers() {
    return employers;
  }

  /** The deployment id of the demo traffic verticle, or null without {@code --demo}. */
  public String demoTraffic() {
    return demoTraffic;
  }

  public Vertx vertx() {
    return vertx;
  }

  public Pool pool() {
    return pool;
  }

  public GridService grid() {
    return grid;
  }

  /** The accounts capability, or null when only {@link #open opened}. */
  public Accounts accounts() {
    return accounts;
  }

  /** Filing and moving cases, or null when only {@link #open opened}. */
  public io.gridwatch.cases.CaseService cases() {
    return cases;
  }

  /** The acceptance timeouts (dispatched teams that did not accept), or null when only opened. */
  public io.gridwatch.cases.AcceptanceTimeouts acceptanceTimeouts() {
    return acceptanceTimeouts;
  }

  /** The mass-incident detector and on-site clock, or null when only {@link #open opened}. */
  public io.gridwatch.incidents.IncidentSweeper incidentSweeper() {
    return incidentSweeper;
  }

  /** The deadline sweeper (escalations), or null when only {@link #open opened}. */
  public io.gridwatch.escalation.DeadlineSweeper sweeper() {
    return sweeper;
  }

  /** The notifications (rules, dispatcher, sender), or null when only {@link #open opened}. */
  public io.gridwatch.notifications.Notifications notifications() {
    return notifications;
  }

  /** The live events (relay, bridge, replay), or null when only {@link #open opened}. */
  public io.gridwatch.live.LiveEvents live() {
    return live;
  }

  public AuditLog audit() {
    return audit;
  }

  public Clock clock() {
    return clock;
  }

  public Provisioned database() {
    return database;
  }

  public GridWatchConfig config() {
    return config;
  }

  @Override
  public void close() {
    if (demoTraffic != null) {
      // First, while the pool is still open: the traffic's running step finishes, none starts.
      try {
        Future.await(vertx.undeploy(demoTraffic));
      } catch (RuntimeException e) {
        LOG.warn("The demo traffic did not stop cleanly: {}", e.getMessage());
      }
    }
    if (incidentSweeperId != null) {
      // While the pool is still open: the running sweep finishes, none starts.
      try {
        Future.await(vertx.undeploy(incidentSweeperId));
      } catch (RuntimeException e) {
        LOG.warn("The incident sweeper did not stop cleanly: {}", e.getMessage());
      }
    }
    try {
      if (notifications != null) {
        Future.await(notifications.stop());
      }
    } catch (RuntimeException e) {
      LOG.warn("The notifications did not stop cleanly: {}", e.getMessage());
    }
    try {
      if (live != null) {
        Future.await(live.stop());
      }
    } catch (RuntimeException e) {
      LOG.warn("The live events did not stop cleanly: {}", e.getMessage());
    }
    try {
      Future.await(vertx.close());
    } catch (RuntimeException e) {
      LOG.warn("Vert.x did not close cleanly: {}", e.getMessage());
    }
    database.close();
  }
}
