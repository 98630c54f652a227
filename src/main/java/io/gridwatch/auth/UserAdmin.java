package io.gridwatch.auth;

import io.gridwatch.audit.Actor;
import io.gridwatch.audit.AuditEntry.Outcome;
import io.gridwatch.audit.AuditLog;
import io.gridwatch.http.ApiException;
import io.gridwatch.http.FieldError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What administrators do to accounts: create, change, reset a password, unlock. Inputs are
 * checked here (so the bootstrap and the API share the rules); each change and its audit line
 * are one transaction; changes that would leave no enabled administrator are refused.
 * Thread-safe (stateless apart from its collaborators).
 */
public final class UserAdmin {
  /** Username rule; the database checks the same pattern. */
  static final String USERNAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{1,63}";
  static final String USERNAME_RULE =
      "must be 2 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit";
  private final Pool pool;
  private final AuditLog audit;
  private final KnownCells grid;
  private final Passwords passwords;
  private final AuthService auth;
  private final UserStore users;
  private final List<AccountListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** A user to create. {@code gridCode} null or blank: city-wide. */
  public record NewUser(String username, String displayName, Role role, String gridCode, String password) {
    @Override
    public String toString() {
      return "NewUser[" + username + ", " + role + ", " + gridCode + "]";
    }
  }

  /** The fields of a change; null means "leave as it is", except {@code gridCode} with {@code setGridCode}. */
  public record Change(String displayName, Role role, boolean setGridCode, String gridCode, Boolean disabled) {}

  UserAdmin(Pool pool, AuditLog audit, KnownCells grid, Passwords passwords, AuthService auth) {
    this.pool = pool;
    this.audit = audit;
    this.grid = grid;
    this.passwords = passwords;
    this.auth = auth;
    this.users = auth.users();
  }

  /**
   * Adds a listener that hears every account change inside its transaction (e.g. the dispatch
   * roster announcing that a disabled inspector leaves the wall). Register at start-up, before
   * the server takes requests; safe from any thread.
   */
  public void listen(AccountListener listener) {
    listeners.add(Objects.requireNonNull(listener));
  }

  public Future<List<User>> list() {
    return users.all();
  }

  /** The user with this id; 404 when there is none. */
  public Future<User> get(long id) {
    return users.byId(id).map(c -> {
      if (c == null) {
        throw notFound(id);
      }
      return c.user();
    });
  }

  /** The user named so (any case), or empty. */
  public Future<Optional<User>> find(String username) {
    return users.byUsername(username).map(c -> Optional.ofNullable(c).map(UserStore.Credentials::user));
  }

  /**
   * Creates a user. 400 for a bad username, display name or weak password; 422 for a grid code
   * that is no current cell; 409 for a username taken in any case.
   */
  public Future<User> create(Actor actor, NewUser n) {
    return create(actor, n, true);
  }

  /**
   * Creates a user at start-up (first admin, demo users): the password comes from the operator's
   * environment and is taken as it is, and a home cell missing from the grid is only warned
   * about (someone may run the demo on another city), not refused.
   */
  Future<User> createAtStart(NewUser n) {
    return create(Actor.system(), n, false, null);
  }

  /**
   * {@link #createAtStart(NewUser)} with the password's hash already made: accounts that share one
   * start-up password (demo mode's field staff) are hashed once instead of once each, which at
   * Argon2's deliberate cost saves seconds per start.
   */
  Future<User> createAtStart(NewUser n, String passwordHash) {
    return create(Actor.system(), n, false, passwordHash);
  }

  /** The hash of a password, for {@link #createAtStart(NewUser, String)}. */
  Future<String> hash(String password) {
    return passwords.hash(password);
  }

  private Future<User> create(Actor actor, NewUser n, boolean fromApi) {
    return create(actor, n, fromApi, null);
  }

  private Future<User> create(Actor actor, NewUser n, boolean fromApi, String knownHash) {
    List<FieldError> errors = new java.util.ArrayList<>();
    if (n.username() == null || !n.username().matches(USERNAME_PATTERN)) {
      errors.add(new FieldError("username", USERNAME_RULE));
    }
    if (fromApi) {
      Passwords.weakness(n.password(), n.username()).ifPresent(w -> errors.add(new FieldError("password", w)));
    }
    if (!errors.isEmpty()) {
      return Future.failedFuture(ApiException.badRequest(summary(errors), errors));
    }
    String gridCode = blankToNull(n.gridCode());
    if (fromApi) {
      checkGridCode(gridCode);
    }
    Future<String> hashed = knownHash != null ? Future.succeededFuture(knownHash) : passwords.hash(n.password());
    return hashed.compose(hash -> pool.withTransaction(tx ->
        users.insert(tx, n.username(), n.displayName(), n.role(), gridCode, hash)
            .compose(u -> audit.record(tx, actor.entry("user.create", "user", String.valueOf(u.id()), Outcome.SUCCESS,
                    new JsonObject().put("username", u.username()).put("role", u.role().name())
                        .put("gridCode", u.gridCode())))
                .map(u))));
  }

  /**
   * Changes display name, role, home cell or the disabled flag. Disabling ends the user's
   * sessions; a change that leaves no enabled ADMIN is refused with 409.
   */
  public Future<User> update(Actor actor, long id, Change change) {
    String gridCode = change.setGridCode() ? blankToNull(change.gridCode()) : null;
    if (change.setGridCode()) {
      checkGridCode(gridCode);
    }
    SessionRevocations.Revocation[] revoked = new SessionRevocations.Revocation[1];
    return pool.withTransaction(tx -> users.lockById(tx, id).compose(c -> {
      if (c == null) {
        return Future.failedFuture(notFound(id));
      }
      User old = c.user();
      String displayName = change.displayName() != null ? change.displayName() : old.displayName();
      Role role = change.role() != null ? change.role() : old.role();
      String code = change.setGridCode() ? gridCode : old.gridCode();
      boolean disabled = change.disabled() != null ? change.disabled() : old.disabled();
      JsonArray changed = new JsonArray();
      JsonObject detail = new JsonObject().put("changed", changed);
      if (!displayName.equals(old.displayName())) {
        changed.add("displayName");
      }
      diff(changed, detail, "role", old.role().name(), role.name());
      diff(changed, detail, "gridCode", old.gridCode(), code);
      diff(changed, detail, "disabled", old.disabled(), disabled);
      if (changed.isEmpty()) {
        return Future.succeededFuture(old);
      }
      return users.update(tx, id, displayName, role, code, disabled)
          .compose(u -> users.countActiveAdmins(tx).compose(admins -> {
            if (admins == 0) {
              return Future.failedFuture(ApiException.conflict("last-admin", "Last administrator",
                  "This change would leave no enabled ADMIN account; make another user ADMIN first."));
            }
            Future<Integer> ended = disabled && !old.disabled() ? auth.endSessions(tx, id, "disabled")
                : Future.succeededFuture(0);
            if (disabled && !old.disabled()) {
              revoked[0] = new SessionRevocations.Revocation(id, null, null, "disabled");
            } else if (role != old.role() || !Objects.equals(code, old.gridCode())) {
              // The sessions stay, but what their live sockets were allowed to hear was decided
              // under the old role or grid.
              revoked[0] = new SessionRevocations.Revocation(id, null, null, SessionRevocations.Revocation.SCOPE_CHANGED);
            }
            return ended.compose(n -> audit.record(tx, actor.entry("user.update", "user", String.valueOf(id),
                    Outcome.SUCCESS, detail.put("sessionsEnded", n))))
                .compose(v -> tellListeners(tx, old, u))
                .map(u);
          }));
    })).onSuccess(u -> {
      if (revoked[0] != null) {
        auth.revocations().publish(revoked[0]);
      }
    });
  }

  /** Each listener in turn, in the change's transaction (the last statements before commit). */
  private Future<Void> tellListeners(io.vertx.sqlclient.SqlConnection tx, User before, User after) {
    Future<Void> chain = Future.succeededFuture();
    for (AccountListener l : listeners) {
      chain = chain.compose(v -> l.changed(tx, before, after));
    }
    return chain;
  }

  /** Sets a new password chosen by an administrator and ends every session of the user. */
  public Future<Void> resetPassword(Actor actor, long id, String password) {
    return get(id).compose(u -> {
      Optional<String> weak = Passwords.weakness(password, u.username());
      if (weak.isPresent()) {
        return Future.failedFuture(ApiException.badRequest("password " + weak.get(),
            List.of(new FieldError("password", weak.get()))));
      }
      return passwords.hash(password).compose(hash -> pool.withTransaction(tx -> users.setPassword(tx, id, hash)
          .compose(v -> auth.endSessions(tx, id, "password-reset"))
          .compose(n -> audit.record(tx, actor.entry("user.password.reset", "user", String.valueOf(id),
              Outcome.SUCCESS, new JsonObject().put("sessionsEnded", n))))))
          .onSuccess(v -> auth.revocations().publish(new SessionRevocations.Revocation(id, null, null,
              "password-reset")));
    });
  }

  /** Lifts a lockout and clears the failed-attempt count. */
  public Future<User> unlock(Actor actor, long id) {
    return pool.withTransaction(tx -> users.unlock(tx, id).compose(u -> {
      if (u == null) {
        return Future.failedFuture(notFound(id));
      }
      return audit.record(tx, actor.entry("user.unlock", "user", String.valueOf(id), Outcome.SUCCESS, null)).map(u);
    }));
  }

  /** 422 unless {@code gridCode} (non-null) is a current cell of the grid. */
  private void checkGridCode(String gridCode) {
    if (gridCode == null) {
      return;
    }
    if (!gridCode.matches("[0-9]{6}([0-9]{3}){0,2}([0-9]{2})?")) {
      throw ApiException.badRequest("gridCode", "is not a grid code (6, 9, 12 or 14 digits)");
    }
    if (!grid.contains(gridCode)) {
      throw new ApiException(422, "unknown-grid-cell", "Unknown grid cell",
          "There is no current grid cell " + gridCode + ".",
          List.of(new FieldError("gridCode", "is not a current grid cell")));
    }
  }

  private static void diff(JsonArray changed, JsonObject detail, String field, Object before, Object after) {
    if (!Objects.equals(before, after)) {
      changed.add(field);
      detail.put(field, new JsonObject().put("from", before).put("to", after));
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static ApiException notFound(long id) {
    return ApiException.notFound("user-not-found", "User not found", "There is no user " + id + ".");
  }

  static String summary(List<FieldError> errors) {
    StringBuilder s = new StringBuilder();
    for (FieldError e : errors) {
      s.append(s.length() == 0 ? "" : "; ").append(e.field()).append(' ').append(e.message());
    }
    return s.toString();
  }
}
