package io.gridwatch.auth;

import io.gridwatch.audit.AuditLog;
import io.gridwatch.config.GridWatchConfig;
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
  private final KnownCells grid;
  private final Clock clock;
  private final AuthService auth;
  private final UserAdmin admin;
  private final AccessPolicy policy = AccessPolicy.standard();
  private final AccessGuard guard;

  public Accounts(Vertx vertx, Pool pool, AuditLog audit, KnownCells grid, GridWatchConfig config, Clock clock) {
    this.config = config;
    this.grid = grid;
    this.clock = clock;
    Passwords passwords = new Passwords(vertx);
    this.auth = new AuthService(vertx, pool, audit, config, clock, passwords);
    this.admin = new UserAdmin(pool, audit, grid, passwords, auth);
    this.guard = new AccessGuard(policy, auth, audit, new CrossSiteCheck(config.security().allowedOrigins()));
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
   * Creates at start-up each of {@code users} that no user of the same name exists for (existing
   * ones are left as they are), with the rules of the bootstrap: passwords are taken as
   * configured, a home cell missing from the grid is only warned about. Users sharing a password
   * share its hash, made once (they share the secret anyway). Answers how many were created. For
   * demo mode's field staff.
   */
  public Future<Integer> ensureAtStart(List<UserAdmin.NewUser> users) {
    List<Future<java.util.Optional<User>>> found = users.stream().map(u -> admin.find(u.username())).toList();
    return Future.all(found).compose(all -> {
      List<UserAdmin.NewUser> missing = new java.util.ArrayList<>();
      for (int i = 0; i < users.size(); i++) {
        if (found.get(i).result().isEmpty()) {
          missing.add(users.get(i));
        }
      }
      java.util.Map<String, Future<String>> hashes = new java.util.HashMap<>();
      missing.forEach(u -> hashes.computeIfAbsent(u.password(), admin::hash));
      List<Future<User>> created = missing.stream()
          .map(u -> hashes.get(u.password()).compose(h -> admin.createAtStart(u, h))).toList();
      return Future.all(created).map(v -> created.size());
    });
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
