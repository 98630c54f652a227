package io.gridwatch.auth;

import io.gridwatch.config.ConfigKeys;
import io.gridwatch.config.GridWatchConfig;
import io.vertx.core.Future;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accounts a fresh GridWatch needs, created at start when missing (never changed when
 * present, so a restart does not undo an administrator's work):
 * <ul>
 *   <li>{@code admin} (ADMIN, city-wide) with {@code GRIDWATCH_ADMIN_PASSWORD}; in demo mode
 *       without it, the demo password; otherwise a random password printed once to stdout;
 *   <li>with {@code --demo}, the demo users of shared/API.md with {@code GRIDWATCH_DEMO_PASSWORD}.
 * </ul>
 */
final class AccountBootstrap {
  private static final Logger LOG = LoggerFactory.getLogger(AccountBootstrap.class);
  /** The level-1 cell of the demo field staff: 锦江区, Chengdu. */
  static final String DEMO_GRID = "510104";
  private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

  private record Account(String username, String displayName, Role role, String gridCode) {}

  private static final List<Account> DEMO = List.of(
      new Account("operator1", "Operator 1 (受理员)", Role.OPERATOR, null),
      new Account("supervisor1", "Supervisor 1 (值班长)", Role.SUPERVISOR, null),
      new Account("leader1", "Leader 1 (领导)", Role.LEADER, null),
      new Account("inspector1", "Inspector 1 (监察员)", Role.INSPECTOR, DEMO_GRID),
      new Account("inspector2", "Inspector 2 (监察员)", Role.INSPECTOR, DEMO_GRID),
      new Account("assistant1", "Assistant 1 (协管员)", Role.ASSISTANT, DEMO_GRID));

  private final UserAdmin admin;
  private final KnownCells grid;
  private final GridWatchConfig config;
  private final PrintStream out;

  AccountBootstrap(UserAdmin admin, KnownCells grid, GridWatchConfig config, PrintStream out) {
    this.admin = admin;
    this.grid = grid;
    this.config = config;
    this.out = out;
  }

  Future<Void> run() {
    Future<Void> chain = ensureAdmin();
    if (!config.demo()) {
      return chain;
    }
    String password = config.demoPassword().orElseThrow(
        () -> new IllegalStateException("demo mode without " + ConfigKeys.DEMO_PASSWORD));
    if (!grid.contains(DEMO_GRID)) {
      LOG.warn("The grid has no cell {}: the demo inspectors and assistant are created for it all the same", DEMO_GRID);
    }
    for (Account a : DEMO) {
      chain = chain.compose(v -> ensure(a, password).mapEmpty());
    }
    return chain.onSuccess(v -> LOG.info("Demo users: {} (password from {})",
        DEMO.stream().map(Account::username).toList(), ConfigKeys.envName(ConfigKeys.DEMO_PASSWORD)));
  }

  private Future<Void> ensureAdmin() {
    Account account = new Account("admin", "Administrator", Role.ADMIN, null);
    return admin.find(account.username()).compose(existing -> {
      if (existing.isPresent()) {
        return Future.succeededFuture();
      }
      String password;
      boolean generated = false;
      if (config.adminPassword().isPresent()) {
        password = config.adminPassword().get();
      } else if (config.demo() && config.demoPassword().isPresent()) {
        password = config.demoPassword().get();
      } else {
        password = randomPassword();
        generated = true;
      }
      if (!generated && Passwords.weakness(password, account.username()).isPresent()) {
        LOG.warn("The start-up password of 'admin' is shorter than {} characters; change it after logging in",
            Passwords.MIN_LENGTH);
      }
      boolean print = generated;
      String from = config.adminPassword().isPresent() ? ConfigKeys.envName(ConfigKeys.AUTH_ADMIN_PASSWORD)
          : ConfigKeys.envName(ConfigKeys.DEMO_PASSWORD);
      return ensure(account, password).onSuccess(v -> {
        if (print) {
          announce(password);
        } else {
          LOG.info("Created user 'admin' with the password from {}", from);
        }
      }).mapEmpty();
    });
  }

  private Future<Boolean> ensure(Account a, String password) {
    return admin.find(a.username()).compose(existing -> {
      if (existing.isPresent()) {
        return Future.succeededFuture(false);
      }
      return admin.createAtStart(new UserAdmin.NewUser(a.username(), a.displayName(), a.role(), a.gridCode(), password))
          .map(true);
    });
  }

  /**
   * Printed to stdout, once, and not through the logger: log files are kept and shipped, this
   * password must not be.
   */
  private void announce(String password) {
    out.println();
    out.println("==================================================================");
    out.println(" GridWatch created the administrator account.");
    out.println("   username: admin");
    out.println("   password: " + password);
    out.println(" This is shown only now. Log in and change it (POST /api/auth/password),");
    out.println(" or set " + ConfigKeys.envName(ConfigKeys.AUTH_ADMIN_PASSWORD) + " before the first start.");
    out.println("==================================================================");
    out.println();
    out.flush();
  }

  static String randomPassword() {
    SecureRandom random = new SecureRandom();
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return s.toString();
  }
}
