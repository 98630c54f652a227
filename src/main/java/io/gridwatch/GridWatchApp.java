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
 * reverse. Used by {@link Main} and by the tests, which start the real thing on a database of
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
  private io.gridwatch.live.LiveEvents live;
  private HttpServerVerticle http;

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
      app.accounts = new Accounts(app.vertx, app.pool, app.audit, app.grid, config, clock);
      app.accounts.start().await();
      app.accounts.bootstrap(System.out).await();
      List<io.gridwatch.http.Endpoint> endpoints = new ArrayList<>(List.of(
          new HealthEndpoint(app.pool, app.grid),
          new ContractEndpoint()));
      endpoints.addAll(app.accounts.endpoints());
      endpoints.add(new GridEndpoint(app.grid, app.gridStore, config));
      endpoints.add(new io.gridwatch.cases.CaseEndpoint(app.grid, new io.gridwatch.cases.CaseStore(app.pool, app.audit),
          app.audit, config));
      endpoints.add(new AuditEndpoint(app.pool, app.audit, ctx -> CurrentUser.of(ctx).actor(ctx)));
      // The relay starts before the HTTP server listens: no live socket can exist before the
      // relay has fixed where it starts, so a client that connects and then replays misses nothing.
      app.live = new io.gridwatch.live.LiveEvents(app.vertx, app.pool, app.database.url().connectOptions(),
          app.accounts.auth(), app.accounts.policy(), config.live());
      app.live.start().await();
      endpoints.addAll(app.live.endpoints());
      app.http = new HttpServerVerticle(config, app.accounts.guard(), endpoints);
      app.vertx.deployVerticle(app.http).await();
      return app;
    } catch (RuntimeException e) {
      app.close();
      throw e;
    }
  }

  public int httpPort() {
    return http == null ? -1 : http.actualPort();
  }

  /** The HTTP verticle, or null when only {@link #open opened}. */
  public HttpServerVerticle http() {
    return http;
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
