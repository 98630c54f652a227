package io.gridwatch.demo;

import io.gridwatch.audit.Actor;
import io.gridwatch.audit.AuditEntry;
import io.gridwatch.audit.AuditLog;
import io.gridwatch.auth.Accounts;
import io.gridwatch.cases.CaseService;
import io.gridwatch.config.ConfigKeys;
import io.gridwatch.config.GridWatchConfig;
import io.gridwatch.dispatch.store.DispatchStore;
import io.gridwatch.employers.Employer;
import io.gridwatch.employers.EmployerStore;
import io.gridwatch.geo.GridService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code --demo} adds to a GridWatch, and only with {@code --demo}: field staff for every
 * district, the demo city's employer registry ({@link #seed()}, before the server takes
 * requests), and a verticle of live traffic ({@link #traffic()}, once it does). Seeding is
 * idempotent: accounts are created only where missing and employers only where their credit code
 * is new, so a second start adds nothing. Thread-safe (stateless apart from its collaborators).
 */
public final class DemoMode {
  private static final Logger LOG = LoggerFactory.getLogger(DemoMode.class);
  private final Vertx vertx;
  private final Pool pool;
  private final GridService grid;
  private final Accounts accounts;
  private final CaseService cases;
  private final EmployerStore employers;
  private final AuditLog audit;
  private final GridWatchConfig config;
  private final Clock clock;
  private final DispatchStore roster;

  public DemoMode(Vertx vertx, Pool pool, GridService grid, Accounts accounts, CaseService cases,
      EmployerStore employers, AuditLog audit, GridWatchConfig config, Clock clock, DispatchStore roster) {
    if (!config.demo()) {
      throw new IllegalStateException("demo mode without --demo");
    }
    this.vertx = vertx;
    this.pool = pool;
    this.grid = grid;
    this.accounts = accounts;
    this.cases = cases;
    this.employers = employers;
    this.audit = audit;
    this.config = config;
    this.clock = clock;
    this.roster = roster;
  }

  /** Creates the missing district staff and employers. */
  public Future<Void> seed() {
    return staff().compose(v -> registry());
  }

  /**
   * Deploys the traffic verticle; call once the server is up. It is undeployed (its timers
   * stopped, its running tick finished) when Vert.x closes.
   */
  public Future<String> startTraffic() {
    return vertx.deployVerticle(new DemoTraffic(cases, employers, accounts.admin(), roster, grid, new DemoStore(pool), clock,
        config.demoComplaintsPerMinute(), config.demoSeed()));
  }

  private Future<Void> staff() {
    String password = config.demoPassword().orElseThrow(
        () -> new IllegalStateException("demo mode without " + ConfigKeys.DEMO_PASSWORD));
    var districts = grid.snapshot().resolver().cells(1, null);
    return accounts.ensureAtStart(DemoCast.districtStaff(districts, password)).map(n -> {
      if (n > 0) {
        LOG.info("Demo field staff: {} accounts created (inspector_<district>_<n>, assistant_<district>_<n>,"
            + " password from {})", n, ConfigKeys.envName(ConfigKeys.DEMO_PASSWORD));
      }
      return null;
    });
  }

  private Future<Void> registry() {
    return vertx.executeBlocking(() -> DemoEmployers.generate(grid.snapshot().resolver()), false)
        .compose((List<Employer> generated) -> employers.insertNew(generated).compose(inserted -> {
          if (inserted == 0) {
            return Future.succeededFuture();
          }
          LOG.info("Demo employers: {} added to the registry", inserted);
          return audit.record(Actor.system().entry("employer.seed-demo", "employer", null,
              AuditEntry.Outcome.SUCCESS, new JsonObject().put("added", inserted).put("generated", generated.size())));
        }));
  }
}
