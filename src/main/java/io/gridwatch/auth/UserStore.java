package io.gridwatch.auth;

import io.gridwatch.http.ApiException;
import io.gridwatch.http.FieldError;
import io.gridwatch.store.Sql;
import io.gridwatch.store.StoreErrors;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code app_user} table (SQL in {@code sql/auth/}). Methods taking a {@link SqlClient} run
 * on the caller's transaction; the others on the pool. Stateless apart from the pool;
 * thread-safe.
 */
final class UserStore {
  private final Pool pool;

  /**
   * A user with what login needs: the password hash and the TOTP state. Never leaves the auth
   * package, and its {@link #toString()} shows neither secret.
   */
  record Credentials(User user, String passwordHash, byte[] totpSecret, byte[] totpPending, Long totpLastStep) {
    @Override
    public String toString() {
      return "Credentials[" + user.username() + "]";
    }
  }

  UserStore(Pool pool) {
    this.pool = pool;
  }

  Pool pool() {
    return pool;
  }

  /** The user named {@code username} (any case), or null. */
  Future<Credentials> byUsername(SqlClient client, String username) {
    return client.preparedQuery(Sql.get("auth/select-user-by-username")).execute(Tuple.of(username))
        .map(rows -> rows.size() == 0 ? null : credentials(rows.iterator().next()));
  }

  Future<Credentials> byUsername(String username) {
    return byUsername(pool, username);
  }

  /** The user with this id, or null. */
  Future<Credentials> byId(long id) {
    return pool.preparedQuery(Sql.get("auth/select-user-by-id")).execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : credentials(rows.iterator().next()));
  }

  /** The user with this id, row-locked until the transaction ends, or null. */
  Future<Credentials> lockById(SqlClient tx, long id) {
    return tx.preparedQuery(Sql.get("auth/select-user-for-update")).execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : credentials(rows.iterator().next()));
  }

  Future<List<User>> all() {
    return pool.query(Sql.get("auth/select-users")).execute().map(rows -> {
      List<User> out = new ArrayList<>(rows.size());
      rows.forEach(r -> out.add(user(r)));
      return out;
    });
  }

  /** Inserts a user; a username taken in any case is a 409 problem naming the field. */
  Future<User> insert(SqlClient tx, String username, String displayName, Role role, String gridCode, String hash) {
    return tx.preparedQuery(Sql.get("auth/insert-user"))
        .execute(Tuple.of(username, displayName, role.name(), gridCode, hash))
        .map(rows -> user(rows.iterator().next()))
        .recover(e -> Future.failedFuture(duplicateUsername(e, username)));
  }

  Future<User> update(SqlClient tx, long id, String displayName, Role role, String gridCode, boolean disabled) {
    return tx.preparedQuery(Sql.get("auth/update-user"))
        .execute(Tuple.of(id, displayName, role.name(), gridCode, disabled))
        .map(rows -> user(rows.iterator().next()));
  }

  Future<Void> setPassword(SqlClient tx, long id, String hash) {
    return tx.preparedQuery(Sql.get("auth/update-password")).execute(Tuple.of(id, hash)).mapEmpty();
  }

  Future<Void> recordSuccess(SqlClient tx, long id, OffsetDateTime at, Long totpStep) {
    return tx.preparedQuery(Sql.get("auth/record-login-success")).execute(Tuple.of(id, at, totpStep)).mapEmpty();
  }

  /** Lifts every lockout and delay of the user's name, from every address; the user as it is then, or null. */
  Future<User> unlock(SqlClient tx, long id) {
    return tx.preparedQuery(Sql.get("auth/unlock-user")).execute(Tuple.of(id))
        .compose(v -> tx.preparedQuery(Sql.get("auth/select-user-by-id")).execute(Tuple.of(id)))
        .map(rows -> rows.size() == 0 ? null : user(rows.iterator().next()));
  }

  /** Stores a pending TOTP key; false when a second factor is already active. */
  Future<Boolean> setTotpPending(long id, byte[] key) {
    return pool.preparedQuery(Sql.get("auth/set-totp-pending")).execute(Tuple.of(id, Buffer.buffer(key)))
        .map(rows -> rows.size() == 1);
  }

  /** Makes the pending key the active one; false when there was none (or one was active). */
  Future<Boolean> enableTotp(SqlClient tx, long id, long usedStep) {
    return tx.preparedQuery(Sql.get("auth/enable-totp")).execute(Tuple.of(id, usedStep)).map(rows -> rows.size() == 1);
  }

  Future<Void> disableTotp(SqlClient tx, long id) {
    return tx.preparedQuery(Sql.get("auth/disable-totp")).execute(Tuple.of(id)).mapEmpty();
  }

  Future<Long> countActiveAdmins(SqlClient tx) {
    return tx.query(Sql.get("auth/count-active-admins")).execute().map(rows -> rows.iterator().next().getLong("n"));
  }

  private static Throwable duplicateUsername(Throwable e, String username) {
    if (StoreErrors.isDuplicate(e, "app_user_username")) {
      return new ApiException(409, "username-taken", "Username taken",
          "A user named '" + username + "' already exists (usernames are compared without regard to case).",
          List.of(new FieldError("username", "is taken")));
    }
    return e;
  }

  private static Credentials credentials(Row r) {
    return new Credentials(user(r), r.getString("password_hash"), bytes(r, "totp_secret"), bytes(r, "totp_pending"),
        r.getLong("totp_last_step"));
  }

  private static User user(Row r) {
    return new User(r.getLong("id"), r.getString("username"), r.getString("display_name"),
        Role.valueOf(r.getString("role")), r.getString("grid_code"), r.getBoolean("disabled"),
        r.getValue("totp_secret") != null, r.getInteger("failed_logins"), r.getOffsetDateTime("locked_until"),
        r.getOffsetDateTime("last_login_at"), r.getOffsetDateTime("created_at"), r.getOffsetDateTime("updated_at"));
  }

  private static byte[] bytes(Row r, String column) {
    Buffer b = r.getBuffer(column);
    return b == null ? null : b.getBytes();
  }
}
