package io.gridwatch.auth;

import io.gridwatch.audit.AuditLog;
import io.gridwatch.config.GridWatchConfig;
import io.gridwatch.geo.GridService;
import io.gridwatch.http.ApiGuard;
import io.gridwatch.http.Endpoint;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;

/**
 * The accounts capability put together: services, the API guard and the endpoints, sharing one
 * clock. {@link #start()} must complete before the HTTP server is deployed.
 */
public final class Accounts {
  private final GridWatchConfig config;
  private final GridService grid;
  private final Clock clock;
  private final AuthService auth;
  private final UserAdmin admin;
  private final AccessPolicy policy = AccessPolicy.standard();
  private final AccessGuard guard;

  public Accounts(Vertx vertx, Pool pool, AuditLog audit, GridService grid, GridWatchConfig config, Clock clock) {
    this.config = config;
    this.grid = grid;
    this.clock = clock;
    Passwords passwords = new Passwords(vertx);
    this.auth = new AuthService(vertx, pool, audit, config, clock, passwords);
    this.admin = new UserAdmin(pool, audit, grid, passwords, auth);
    this.guard = new AccessGuard(policy, auth, audit);
  }

  /** Loads the session key and prepares password checking. */
  public Future<Void> start() {
    return auth.start();
  }

  /** Creates the first admin (and with {@code --demo} the demo users) where missing. */
  public Future<Void> bootstrap(PrintStream out) {
    return new AccountBootstrap(admin, grid, config, out).run();
  }

  /**
   * Creates {@code user} at start-up unless a user of that name exists (which is left as it is),
   * with the rules of the bootstrap: the password is taken as configured, a home cell missing from
   * the grid is only warned about. Answers whether it was created. For demo mode's field staff.
   */
  public Future<Boolean> ensureAtStart(UserAdmin.NewUser user) {
    return admin.find(user.username()).compose(existing -> existing.isPresent() ? Future.succeededFuture(false)
        : admin.createAtStart(user).map(true));
  }

  public ApiGuard guard() {
    return guard;
  }

  public List<Endpoint> endpoints() {
    return List.of(new AuthEndpoint(auth, config), new UserEndpoint(admin, config, clock));
  }

  public AuthService auth() {
    return auth;
  }

  public UserAdmin admin() {
    return admin;
  }

  public AccessPolicy policy() {
    return policy;
  }
}
