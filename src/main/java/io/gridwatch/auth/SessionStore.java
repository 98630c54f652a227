package io.gridwatch.auth;

import io.gridwatch.store.Sql;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.time.OffsetDateTime;

/**
 * The {@code auth_session} table, keyed by SHA-256 of the session id, and the shared signing
 * key in {@code server_secret}. Stateless apart from the pool; thread-safe.
 */
final class SessionStore {
  static final String SESSION_KEY_NAME = "session-hmac";
  private final Pool pool;

  /** An open session joined with its user as the user is now. */
  record Open(long userId, OffsetDateTime lastSeen, String username, Role role, String gridCode, boolean disabled) {}

  SessionStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * The session-token key every node shares: created (256 random bits) by the first node to
   * start, read by all. Concurrent first starts are safe: the insert does nothing if the key
   * exists, and everyone reads the one that won.
   */
  Future<byte[]> sessionKey() {
    byte[] candidate = new byte[32];
    new SecureRandom().nextBytes(candidate);
    return pool.preparedQuery(Sql.get("auth/insert-server-secret"))
        .execute(Tuple.of(SESSION_KEY_NAME, Buffer.buffer(candidate)))
        .compose(v -> pool.preparedQuery(Sql.get("auth/select-server-secret")).execute(Tuple.of(SESSION_KEY_NAME)))
        .map(rows -> rows.iterator().next().getBuffer("value").getBytes());
  }

  Future<Void> insert(SqlClient tx, byte[] idHash, long userId, OffsetDateTime at, String address) {
    return tx.preparedQuery(Sql.get("auth/insert-session"))
        .execute(Tuple.of(Buffer.buffer(idHash), userId, at, address)).mapEmpty();
  }

  /** The open (not revoked) session with this key, or null. Idle expiry is the caller's check. */
  Future<Open> find(byte[] idHash) {
    return pool.preparedQuery(Sql.get("auth/select-session")).execute(Tuple.of(Buffer.buffer(idHash)))
        .map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          Row r = rows.iterator().next();
          return new Open(r.getLong("user_id"), r.getOffsetDateTime("last_seen"), r.getString("username"),
              Role.valueOf(r.getString("role")), r.getString("grid_code"), r.getBoolean("disabled"));
        });
  }

  /**
   * The sessions among {@code idHashes} that are open, of enabled users, and seen after
   * {@code seenAfter}; keyed by the session's reference ({@link SessionTokens#reference}).
   */
  Future<java.util.Map<String, Open>> findOpen(java.util.Collection<byte[]> idHashes, OffsetDateTime seenAfter) {
    Buffer[] keys = idHashes.stream().map(Buffer::buffer).toArray(Buffer[]::new);
    return pool.preparedQuery(Sql.get("auth/select-open-sessions")).execute(Tuple.of(keys, seenAfter))
        .map(rows -> {
          java.util.Map<String, Open> out = new java.util.HashMap<>();
          for (Row r : rows) {
            out.put(SessionTokens.reference(r.getBuffer("id_hash").getBytes()), new Open(r.getLong("user_id"),
                r.getOffsetDateTime("last_seen"), r.getString("username"), Role.valueOf(r.getString("role")),
                r.getString("grid_code"), false));
          }
          return out;
        });
  }

  Future<Void> touch(byte[] idHash, OffsetDateTime at) {
    return pool.preparedQuery(Sql.get("auth/touch-session")).execute(Tuple.of(Buffer.buffer(idHash), at)).mapEmpty();
  }

  Future<Void> revoke(SqlClient client, byte[] idHash, OffsetDateTime at, String why) {
    return client.preparedQuery(Sql.get("auth/revoke-session"))
        .execute(Tuple.of(Buffer.buffer(idHash), at, why)).mapEmpty();
  }

  Future<Void> revoke(byte[] idHash, OffsetDateTime at, String why) {
    return revoke(pool, idHash, at, why);
  }

  /** Ends every open session of a user, except {@code keep} (null: all); returns how many. */
  Future<Integer> revokeAll(SqlClient tx, long userId, OffsetDateTime at, String why, byte[] keep) {
    return tx.preparedQuery(Sql.get("auth/revoke-user-sessions"))
        .execute(Tuple.of(userId, at, why, keep == null ? null : Buffer.buffer(keep)))
        .map(rows -> rows.rowCount());
  }

  /** Deletes sessions that ended before {@code before}; returns how many. */
  Future<Integer> purge(OffsetDateTime before) {
    return pool.preparedQuery(Sql.get("auth/purge-sessions")).execute(Tuple.of(before)).map(rows -> rows.rowCount());
  }
}
