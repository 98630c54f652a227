package io.gridwatch.auth;

import io.gridwatch.http.RateLimiter;
import io.gridwatch.audit.Actor;
import io.gridwatch.audit.AuditEntry.Outcome;
import io.gridwatch.audit.AuditLog;
import io.gridwatch.config.GridWatchConfig;
import io.gridwatch.http.ApiException;
import io.gridwatch.http.FieldError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logging in and out, sessions, and what users do to their own account (password, second
 * factor). Every outcome that matters is in the audit trail, written in the same transaction as
 * the change it records. Time comes from the injected {@link Clock} (idle expiry, lockouts,
 * TOTP), so tests can move it. Thread-safe: state is the database, the immutable settings and
 * the rate limiter's concurrent map.
 */
public final class AuthService {
  private static final Logger LOG = LoggerFactory.getLogger(AuthService.class);
  /** A session's last-seen time is written at most this often, not on every request. */
  static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
  /** Ended sessions are deleted this long after they ended (the logins stay in the audit trail). */
  static final Duration KEEP_ENDED_SESSIONS = Duration.ofDays(1);
  static final String LOGIN_FAILED_DETAIL =
      "The username or password is wrong, or the account is disabled or temporarily locked.";

  private final Vertx vertx;
  private final Pool pool;
  private final AuditLog audit;
  private final Clock clock;
  private final Passwords passwords;
  private final UserStore users;
  private final SessionStore sessions;
  /** Login attempts per client address (in memory, per node; LoginThrottle is the limit across nodes). */
  private final RateLimiter rateLimiter;
  private final int loginsPerMinute;
  private final LoginThrottle throttle;
  private final SessionRevocations revocations;
  private final Duration idleTimeout;
  private final int lockoutAttempts;
  private volatile SessionTokens tokens;

  /** A successful login: the token to send back and who it is for. */
  public record Login(String token, CurrentUser user) {}

  AuthService(Vertx vertx, Pool pool, AuditLog audit, GridWatchConfig config, Clock clock, Passwords passwords) {
    this.vertx = vertx;
    this.pool = pool;
    this.audit = audit;
    this.clock = clock;
    this.passwords = passwords;
    this.users = new UserStore(pool);
    this.sessions = new SessionStore(pool);
    this.rateLimiter = new RateLimiter(clock);
    this.loginsPerMinute = config.authLoginRatePerMinute();
    this.idleTimeout = Duration.ofMinutes(config.authIdleTimeoutMinutes());
    this.lockoutAttempts = config.authLockoutAttempts();
    this.throttle = new LoginThrottle(vertx, pool, clock, lockoutAttempts,
        Duration.ofMinutes(config.authLockoutMinutes()), config.security());
    this.revocations = new SessionRevocations(vertx);
  }

  /** Loads the shared signing key, prepares the dummy hash, and starts the hourly purge of old sessions. */
  Future<Void> start() {
    return sessions.sessionKey()
        .onSuccess(key -> tokens = new SessionTokens(key))
        .compose(k -> passwords.start())
        .onSuccess(v -> vertx.setPeriodic(Duration.ofHours(1).toMillis(), id -> purgeSessions()))
        .onSuccess(v -> throttle.start());
  }

  private void purgeSessions() {
    sessions.purge(now().minus(KEEP_ENDED_SESSIONS).minus(idleTimeout))
        .onSuccess(n -> LOG.debug("Purged {} ended sessions", n))
        .onFailure(e -> LOG.warn("Purging ended sessions failed: {}", e.getMessage()));
  }

  OffsetDateTime now() {
    return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  Clock clock() {
    return clock;
  }

  UserStore users() {
    return users;
  }

  LoginThrottle throttle() {
    return throttle;
  }

  SessionRevocations revocations() {
    return revocations;
  }

  /**
   * Takes one login attempt from {@code address} off its allowance; fails with 429 and
   * {@code Retry-After} when there is none left.
   */
  void checkLoginRate(String address) {
    long wait = rateLimiter.acquire(address, loginsPerMinute);
    if (wait > 0) {
      throw ApiException.tooManyRequests("Too many login attempts from this address; try again in " + wait
          + " s.", wait);
    }
  }

  /**
   * Logs in. Unknown users, wrong passwords, disabled and locked accounts all fail alike (401,
   * one message) after the same amount of hashing work, so neither the answer nor its timing
   * tells which usernames exist. With a second factor enabled, a missing or wrong code is a 401
   * {@code second-factor-required}; a wrong code counts as a failed attempt, a missing one
   * (a client asking for the code) does not.
   */
  public Future<Login> login(String username, String password, String totp, String address) {
    String source = LoginThrottle.source(address);
    Future<UserStore.Credentials> found = users.byUsername(username);
    Future<LoginThrottle.State> throttled = throttle.state(username, source);
    return Future.all(found, throttled).compose(both -> {
      UserStore.Credentials c = found.result();
      LoginThrottle.State state = throttled.result();
      Actor actor = new Actor(c == null ? null : c.user().id(), username, address);
      long wait = state.lockedAt(clock.instant()) ? 0 : state.waitSeconds(clock.instant());
      if (wait > 0) {
        // Neither checked nor counted: the delay is what slows down guessing from this address.
        // Known and unknown names are delayed alike, so the 429 tells nothing about the name.
        return Future.failedFuture(ApiException.tooManyRequests("Too many failed sign-ins for this name from this"
            + " address; try again in " + wait + " s.", wait));
      }
      return passwords.verify(password, c == null ? null : c.passwordHash())
          .compose(matches -> decide(c, state, matches, totp, actor, source));
    });
  }

  private Future<Login> decide(UserStore.Credentials c, LoginThrottle.State state, boolean matches, String totp,
      Actor actor, String source) {
    Instant now = clock.instant();
    if (state.lockedAt(now)) {
      // Not counted: a lock is not made longer by more attempts. Only this address is locked out.
      return refuse(actor, c == null ? null : c.user(), "locked");
    }
    if (c == null) {
      // Counted like a wrong password, so that unknown names are slowed down and locked alike.
      return countFailure(actor, null, source, "auth.login", "unknown-user")
          .compose(v -> Future.failedFuture(loginFailed()));
    }
    User u = c.user();
    if (u.disabled()) {
      return refuse(actor, u, "disabled");
    }
    if (!matches) {
      return countFailure(actor, u, source, "auth.login", "wrong-password")
          .compose(v -> Future.failedFuture(loginFailed()));
    }
    Long step = null;
    if (c.totpSecret() != null) {
      if (totp == null || totp.isBlank()) {
        return audit.record(actor.entry("auth.login", "user", id(u), Outcome.FAILURE,
                new JsonObject().put("reason", "second-factor-missing")))
            .compose(v -> Future.failedFuture(secondFactor("This account needs the code from its authenticator app"
                + " (field totp) as well as the password.")));
      }
      long matched = Totp.verify(c.totpSecret(), totp, now, c.totpLastStep());
      if (matched < 0) {
        return countFailure(actor, u, source, "auth.login", "wrong-second-factor")
            .compose(v -> Future.failedFuture(secondFactor("The authenticator code is wrong or was already used;"
                + " wait for the next one.")));
      }
      step = matched;
    }
    Long usedStep = step;
    SessionTokens.Issued issued = tokens.issue();
    OffsetDateTime at = now();
    return pool.withTransaction(tx -> users.recordSuccess(tx, u.id(), at, usedStep)
            .compose(v -> throttle.clear(tx, u.username(), source))
            .compose(v -> sessions.insert(tx, issued.idHash(), u.id(), at, actor.address()))
            .compose(v -> audit.record(tx, actor.entry("auth.login", "user", id(u), Outcome.SUCCESS,
                new JsonObject().put("secondFactor", usedStep != null)))))
        .map(v -> new Login(issued.token(), current(u.id(), u.username(), u.role(), u.gridCode(), issued.idHash())));
  }

  private Future<Login> refuse(Actor actor, User u, String reason) {
    return audit.record(actor.entry("auth.login", "user", u == null ? null : id(u), Outcome.FAILURE,
            new JsonObject().put("reason", reason)))
        .compose(v -> Future.failedFuture(loginFailed()));
  }

  /**
   * Counts one wrong password or code for the name {@code actor.name()} from {@code source},
   * audits it, and, on the attempt that reaches the limit, locks that address out of that account
   * and audits the lock (for known users): all in one transaction. {@code u} is null for an
   * unknown name.
   */
  private Future<Void> countFailure(Actor actor, User u, String source, String action, String reason) {
    String name = u != null ? u.username() : actor.name();
    return pool.withTransaction(tx -> throttle.recordFailure(tx, name, source)
        .compose(f -> {
          JsonObject detail = new JsonObject().put("reason", reason).put("failedInARow", f.failures());
          if (!f.delay().isZero()) {
            detail.put("nextAttemptInSeconds", f.delay().toSeconds());
          }
          return audit.record(tx, actor.entry(action, "user", u == null ? null : id(u), Outcome.FAILURE, detail))
              .compose(v -> !f.lockedNow() || u == null ? Future.<Void>succeededFuture()
                  : audit.record(tx, actor.entry("auth.lockout", "user", id(u), Outcome.SUCCESS,
                      new JsonObject().put("attempts", lockoutAttempts).put("lockedUntil", f.lockedUntil().toString())
                          .put("address", source)))
                      .onSuccess(x -> LOG.warn("Sign-in to {} from {} locked until {} after {} failed attempts (other"
                          + " addresses are not affected)", u.username(), source, f.lockedUntil(), lockoutAttempts)));
        }));
  }

  private static ApiException loginFailed() {
    return new ApiException(401, "login-failed", "Login failed", LOGIN_FAILED_DETAIL, List.of());
  }

  private static ApiException secondFactor(String detail) {
    return new ApiException(401, "second-factor-required", "Second factor required", detail,
        List.of(new FieldError("totp", "a current 6-digit code is required")));
  }

  /**
   * The user of a session token: the signature is checked first (no database work for forged
   * tokens), then the session row and the user as they are now. A session idle for longer than
   * {@code auth.idleTimeoutMinutes} is ended here. Fails with 401 when the token is not good.
   */
  public Future<CurrentUser> authenticate(String token) {
    byte[] idHash = tokens.idHashOf(token);
    if (idHash == null) {
      return Future.failedFuture(ApiException.unauthorized("unauthorized", "The session token is not valid; log in."));
    }
    return sessions.find(idHash).compose(open -> {
      if (open == null || open.disabled()) {
        return Future.failedFuture(ApiException.unauthorized("unauthorized", "The session has ended; log in again."));
      }
      OffsetDateTime now = now();
      if (!open.lastSeen().plus(idleTimeout).isAfter(now)) {
        return sessions.revoke(idHash, now, "idle")
            .onSuccess(v -> revocations.publish(new SessionRevocations.Revocation(open.userId(),
                SessionTokens.reference(idHash), null, "idle")))
            .compose(v -> Future.failedFuture(ApiException.unauthorized(
            "unauthorized", "The session ended after " + idleTimeout.toMinutes() + " minutes without activity; log in again.")));
      }
      CurrentUser user = current(open.userId(), open.username(), open.role(), open.gridCode(), idHash);
      if (Duration.between(open.lastSeen(), now).compareTo(TOUCH_EVERY) < 0) {
        return Future.succeededFuture(user);
      }
      return sessions.touch(idHash, now).map(user);
    });
  }

  /**
   * Which of these sessions (by {@link CurrentUser#sessionId()}) are still open: not ended, not
   * idle for longer than {@code auth.idleTimeoutMinutes}, user not disabled; each with its user
   * as the user is now (role and grid may have changed). The others are missing from the answer.
   * Unlike {@link #authenticate} this records no activity, so a long-lived connection (a live
   * socket) does not keep an unattended session open. One query for all of them.
   */
  public Future<java.util.Map<String, CurrentUser>> openSessions(java.util.Collection<String> sessionIds) {
    if (sessionIds.isEmpty()) {
      return Future.succeededFuture(java.util.Map.of());
    }
    java.util.List<byte[]> hashes = new java.util.ArrayList<>();
    for (String id : sessionIds) {
      try {
        hashes.add(java.util.Base64.getUrlDecoder().decode(id));
      } catch (IllegalArgumentException e) {
        // Not a reference this service made: simply not open.
      }
    }
    return sessions.findOpen(hashes, now().minus(idleTimeout)).map(open -> {
      java.util.Map<String, CurrentUser> out = new java.util.HashMap<>();
      open.forEach((ref, o) -> out.put(ref, current(o.userId(), o.username(), o.role(), o.gridCode(),
          java.util.Base64.getUrlDecoder().decode(ref))));
      return out;
    });
  }

  /** Opens a session for a user without a password check: for logins that passed, and for tests. */
  public Future<String> openSession(long userId, String address) {
    SessionTokens.Issued issued = tokens.issue();
    return sessions.insert(pool, issued.idHash(), userId, now(), address).map(issued.token());
  }

  /** Ends the caller's session. */
  public Future<Void> logout(CurrentUser user, Actor actor) {
    byte[] idHash = java.util.Base64.getUrlDecoder().decode(user.sessionId());
    return pool.withTransaction(tx -> sessions.revoke(tx, idHash, now(), "logout")
        .compose(v -> audit.record(tx, actor.entry("auth.logout", "user", String.valueOf(user.id()),
            Outcome.SUCCESS, null))))
        .onSuccess(v -> revocations.publish(new SessionRevocations.Revocation(user.id(), user.sessionId(), null,
            "logout")));
  }

  /** The caller's own account. */
  public Future<User> me(CurrentUser user) {
    return users.byId(user.id()).map(c -> {
      if (c == null) {
        throw ApiException.unauthorized("unauthorized", "The account no longer exists.");
      }
      return c.user();
    });
  }

  /**
   * Changes the caller's own password after checking the current one. Every other session of
   * the user ends (whoever else held one must log in with the new password); this one stays.
   */
  public Future<Void> changePassword(CurrentUser user, String current, String next, Actor actor) {
    Passwords.weakness(next, user.username()).ifPresent(w -> {
      throw ApiException.badRequest("new " + w, List.of(new FieldError("new", w)));
    });
    if (next.equals(current)) {
      throw ApiException.badRequest("new must differ from the current password",
          List.of(new FieldError("new", "must differ from the current password")));
    }
    byte[] keep = java.util.Base64.getUrlDecoder().decode(user.sessionId());
    return checkOwnPassword(user, current, "current", "auth.password.change", actor)
        .compose(v -> passwords.hash(next))
        .compose(hash -> pool.withTransaction(tx -> users.setPassword(tx, user.id(), hash)
            .compose(v -> sessions.revokeAll(tx, user.id(), now(), "password-changed", keep))
            .compose(ended -> audit.record(tx, actor.entry("auth.password.change", "user", String.valueOf(user.id()),
                Outcome.SUCCESS, new JsonObject().put("otherSessionsEnded", ended))))))
        .onSuccess(v -> revocations.publish(new SessionRevocations.Revocation(user.id(), null, user.sessionId(),
            "password-changed")));
  }

  /**
   * Starts setting up a second factor: a new key, kept pending until {@link #enableTotp} sees a
   * correct code from it. Refused (409) while a second factor is active.
   */
  public Future<JsonObject> setupTotp(CurrentUser user) {
    byte[] key = Totp.newSecret();
    return users.setTotpPending(user.id(), key).map(stored -> {
      if (!stored) {
        throw ApiException.conflict("second-factor-active", "Second factor already active",
            "Disable the current second factor (with your password) before setting up a new one.");
      }
      return new JsonObject()
          .put("secret", Base32.encode(key))
          .put("uri", Totp.uri("GridWatch", user.username(), key))
          .put("algorithm", "SHA1").put("digits", Totp.DIGITS).put("period", Totp.PERIOD_SECONDS);
    });
  }

  /** Turns the pending key into the login's second factor, once a correct code proves the app has it. */
  public Future<Void> enableTotp(CurrentUser user, String code, Actor actor) {
    return users.byId(user.id()).compose(c -> {
      if (c == null || c.totpPending() == null) {
        return Future.failedFuture(ApiException.conflict("no-pending-second-factor", "Nothing to enable",
            "Call POST /api/auth/totp/setup first" + (c != null && c.totpSecret() != null
                ? "; a second factor is already active." : ".")));
      }
      long step = Totp.verify(c.totpPending(), code, clock.instant(), null);
      if (step < 0) {
        return Future.failedFuture(new ApiException(422, "wrong-code", "Wrong code",
            "The code does not match the new key; check the authenticator app's clock and try the next code.",
            List.of(new FieldError("code", "does not match"))));
      }
      return pool.withTransaction(tx -> users.enableTotp(tx, user.id(), step).compose(done -> {
        if (!done) {
          return Future.failedFuture(ApiException.conflict("no-pending-second-factor", "Nothing to enable",
              "The pending key changed meanwhile; set up again."));
        }
        return audit.record(tx, actor.entry("auth.totp.enable", "user", String.valueOf(user.id()), Outcome.SUCCESS,
            null));
      }));
    });
  }

  /** Removes the second factor, after checking the password. */
  public Future<Void> disableTotp(CurrentUser user, String password, Actor actor) {
    return checkOwnPassword(user, password, "password", "auth.totp.disable", actor)
        .compose(v -> pool.withTransaction(tx -> users.disableTotp(tx, user.id())
            .compose(x -> audit.record(tx, actor.entry("auth.totp.disable", "user", String.valueOf(user.id()),
                Outcome.SUCCESS, null)))));
  }

  /**
   * Checks a logged-in user's password before a change to their account. Wrong passwords count
   * towards the lockout like failed logins (so a stolen session cannot be used to guess the
   * password); while locked, the check fails with 423.
   */
  private Future<Void> checkOwnPassword(CurrentUser user, String password, String field, String action, Actor actor) {
    String source = LoginThrottle.source(actor.address());
    return users.byId(user.id()).compose(c -> {
      if (c == null) {
        return Future.failedFuture(ApiException.unauthorized("unauthorized", "The account no longer exists."));
      }
      return throttle.state(c.user().username(), source).compose(state -> {
        if (state.lockedAt(clock.instant())) {
          return Future.failedFuture(new ApiException(423, "account-locked", "Account locked",
              "Too many wrong passwords from this address; it is locked out of the account until "
                  + state.lockedUntil() + ".", List.of()));
        }
        long wait = state.waitSeconds(clock.instant());
        if (wait > 0) {
          return Future.failedFuture(ApiException.tooManyRequests("Too many wrong passwords from this address; try"
              + " again in " + wait + " s.", wait));
        }
        return passwords.verify(password, c.passwordHash());
      }).compose(ok -> {
        if (ok) {
          return Future.succeededFuture();
        }
        return countFailure(actor, c.user(), source, action, "wrong-password")
            .compose(v -> Future.failedFuture(new ApiException(403, "wrong-password", "Wrong password",
                "That is not your current password.", List.of(new FieldError(field, "is not your current password")))));
      });
    });
  }

  /** Ends every session of a user (after an admin's password reset or disabling), in {@code tx}. */
  Future<Integer> endSessions(SqlClient tx, long userId, String why) {
    return sessions.revokeAll(tx, userId, now(), why, null);
  }

  private static CurrentUser current(long id, String username, Role role, String gridCode, byte[] idHash) {
    return new CurrentUser(id, username, role, gridCode, Scope.of(gridCode), SessionTokens.reference(idHash));
  }

  private static String id(User u) {
    return String.valueOf(u.id());
  }
}
