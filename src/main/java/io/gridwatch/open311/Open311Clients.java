package io.gridwatch.open311;

import io.gridwatch.audit.Actor;
import io.gridwatch.audit.AuditEntry;
import io.gridwatch.audit.AuditLog;
import io.gridwatch.auth.Role;
import io.gridwatch.auth.Scope;
import io.gridwatch.cases.CaseService.Caller;
import io.gridwatch.cases.workflow.Permissions;
import io.gridwatch.http.ApiException;
import io.gridwatch.http.FieldError;
import io.gridwatch.store.Sql;
import io.gridwatch.store.StoreErrors;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The Open311 API clients ({@code open311_client}, SQL in {@code sql/open311/}): creating one
 * (its api_key is returned once and only its SHA-256 is stored), listing, revoking, and finding
 * the client of a key. Each client acts as one GridWatch account, which must be enabled and
 * allowed to file complaints ({@link Permissions#FILERS}) when the client is created and at every
 * request. Thread-safe (stateless apart from the pool).
 */
public final class Open311Clients {
  /** Every api_key starts with this, so a leaked one is recognisable (e.g. by secret scanners). */
  static final String KEY_PREFIX = "gw311_";
  private static final int KEY_BYTES = 32;
  private static final int SHOWN_PREFIX = KEY_PREFIX.length() + 6;
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Pool pool;
  private final AuditLog audit;

  public Open311Clients(Pool pool, AuditLog audit) {
    this.pool = pool;
    this.audit = audit;
  }

  /**
   * The client of a valid key, as the account it acts for (role, grid and enabled as they are in
   * the database now). Immutable.
   */
  public record ApiClient(long id, String name, int ratePerMinute, long userId, String username, Role role,
      String gridCode) {
    public Scope scope() {
      return Scope.of(gridCode);
    }

    /** The caller CaseService sees: the bound account, audited under its name from {@code address}. */
    public Caller caller(String address) {
      return new Caller(userId, username, role, scope(), new Actor(userId, username, address));
    }
  }

  /** What a valid-looking key turned out to be. */
  public sealed interface KeyCheck {
    /** Not a key of any client, or of a revoked one. */
    record Unknown() implements KeyCheck {}

    /** A live key whose account is disabled or may no longer file. */
    record AccountNotAllowed(long clientId) implements KeyCheck {}

    record Valid(ApiClient client) implements KeyCheck {}
  }

  /** A new client and its key, which is shown this once. */
  public record Created(JsonObject client, String apiKey) {}

  /** Finds the client of {@code apiKey}. */
  public Future<KeyCheck> check(String apiKey) {
    if (apiKey == null || !apiKey.startsWith(KEY_PREFIX) || apiKey.length() > 100) {
      return Future.succeededFuture(new KeyCheck.Unknown());
    }
    return pool.preparedQuery(Sql.get("open311/authenticate")).execute(Tuple.of(Buffer.buffer(hash(apiKey)))).map(rows -> {
      if (rows.size() == 0) {
        return new KeyCheck.Unknown();
      }
      Row r = rows.iterator().next();
      Optional<Role> role = Role.parse(r.getString("role"));
      if (r.getBoolean("disabled") || role.isEmpty() || !Permissions.FILERS.contains(role.get())) {
        return new KeyCheck.AccountNotAllowed(r.getLong("id"));
      }
      return new KeyCheck.Valid(new ApiClient(r.getLong("id"), r.getString("name"), r.getInteger("rate_per_minute"),
          r.getLong("user_id"), r.getString("username"), role.get(), r.getString("grid_code")));
    });
  }

  /**
   * Creates a client for the account {@code userId}, with its audit line in the same transaction.
   * 422 naming {@code userId} when there is no such account, or it is disabled or may not file.
   */
  public Future<Created> create(Actor actor, String name, long userId, int ratePerMinute) {
    return pool.preparedQuery(Sql.get("open311/select-user")).execute(Tuple.of(userId)).compose(users -> {
      if (users.size() == 0) {
        return Future.failedFuture(userRefused("is no user"));
      }
      Row u = users.iterator().next();
      Optional<Role> role = Role.parse(u.getString("role"));
      if (u.getBoolean("disabled")) {
        return Future.failedFuture(userRefused("is a disabled user"));
      }
      if (role.isEmpty() || !Permissions.FILERS.contains(role.get())) {
        return Future.failedFuture(userRefused("must be a user who may file complaints (role "
            + String.join(" or ", Permissions.FILERS.stream().map(Enum::name).sorted().toList()) + "), not "
            + u.getString("role")));
      }
      String key = newKey();
      String shown = key.substring(0, SHOWN_PREFIX);
      return pool.withTransaction(conn -> conn.preparedQuery(Sql.get("open311/insert-client"))
          .execute(Tuple.of(name, userId, Buffer.buffer(hash(key)), shown, ratePerMinute, actor.id()))
          .compose(rows -> {
            long id = rows.iterator().next().getLong("id");
            return audit.record(conn, actor.entry("open311.client.create", "open311-client", String.valueOf(id),
                    AuditEntry.Outcome.SUCCESS, new JsonObject().put("name", name).put("userId", userId)
                        .put("username", u.getString("username")).put("keyPrefix", shown)
                        .put("ratePerMinute", ratePerMinute)))
                .map(v -> id);
          }))
          .recover(e -> Future.failedFuture(StoreErrors.translate(e)))
          .compose(this::get)
          .map(c -> new Created(c, key));
    });
  }

  /** Every client, oldest first, without keys. */
  public Future<JsonArray> list() {
    return pool.preparedQuery(Sql.get("open311/select-clients")).execute(Tuple.of((Object) null)).map(rows -> {
      JsonArray out = new JsonArray();
      rows.forEach(r -> out.add(json(r)));
      return out;
    });
  }

  /** One client; 404 when there is none. */
  public Future<JsonObject> get(long id) {
    return pool.preparedQuery(Sql.get("open311/select-clients")).execute(Tuple.of(id)).compose(rows -> rows.size() == 0
        ? Future.failedFuture(ApiException.notFound("open311-client-not-found", "Open311 client not found",
            "No Open311 client " + id + "."))
        : Future.succeededFuture(json(rows.iterator().next())));
  }

  /**
   * Revokes a client's key at once (the next request with it is refused), with its audit line.
   * Revoking a revoked client changes nothing and answers the same; 404 when there is none.
   */
  public Future<JsonObject> revoke(Actor actor, long id) {
    return pool.withTransaction(conn -> conn.preparedQuery(Sql.get("open311/revoke-client"))
            .execute(Tuple.of(id, actor.id())).compose(rows -> {
              if (rows.size() == 0) {
                return Future.succeededFuture();
              }
              Row r = rows.iterator().next();
              return audit.record(conn, actor.entry("open311.client.revoke", "open311-client", String.valueOf(id),
                  AuditEntry.Outcome.SUCCESS, new JsonObject().put("name", r.getString("name"))
                      .put("userId", r.getLong("user_id")).put("keyPrefix", r.getString("key_prefix"))));
            }))
        .recover(e -> Future.failedFuture(StoreErrors.translate(e)))
        .compose(v -> get(id));
  }

  private static JsonObject json(Row r) {
    return new JsonObject().put("id", r.getLong("id")).put("name", r.getString("name"))
        .put("user", new JsonObject().put("id", r.getLong("user_id")).put("username", r.getString("username"))
            .put("role", r.getString("role")).put("gridCode", r.getString("grid_code"))
            .put("disabled", r.getBoolean("user_disabled")))
        .put("keyPrefix", r.getString("key_prefix")).put("ratePerMinute", r.getInteger("rate_per_minute"))
        .put("createdAt", r.getOffsetDateTime("created_at").toString()).put("createdBy", r.getString("created_by_name"))
        .put("revokedAt", r.getOffsetDateTime("revoked_at") == null ? null : r.getOffsetDateTime("revoked_at").toString())
        .put("revokedBy", r.getString("revoked_by_name"))
        .put("active", r.getOffsetDateTime("revoked_at") == null);
  }

  private static ApiException userRefused(String message) {
    return new ApiException(422, "open311-client-user-refused", "User cannot back an Open311 client",
        "userId " + message + ".", List.of(new FieldError("userId", message)));
  }

  private static String newKey() {
    byte[] bytes = new byte[KEY_BYTES];
    RANDOM.nextBytes(bytes);
    return KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static byte[] hash(String apiKey) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
