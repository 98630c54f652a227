package io.gridwatch.auth;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * Tells every node at once that sessions ended or that a user's rights changed, so that live
 * sockets (io.gridwatch.live.LiveBridge) close within a second instead of at the next periodic
 * session check. Published on the event bus at {@link #ADDRESS} (cluster-wide: every node's
 * bridge hears it) after the change has committed; the message is a {@link Revocation} as JSON.
 * The periodic check stays as the backstop for a message lost with a node. Thread-safe.
 */
public final class SessionRevocations {
  /** Where revocations are published. */
  public static final String ADDRESS = "gridwatch.auth.revoked";
  private final Vertx vertx;

  /**
   * One revocation.
   *
   * @param userId whose sessions
   * @param sessionId the one session that ended ({@link CurrentUser#sessionId()}), or null for all
   *     of the user's sessions
   * @param keepSessionId with {@code sessionId} null, a session that stays (the one that changed
   *     its own password), or null
   * @param reason {@code logout}, {@code idle}, {@code password-changed}, {@code password-reset},
   *     {@code disabled} or {@code scope-changed}
   */
  public record Revocation(long userId, String sessionId, String keepSessionId, String reason) {
    public static final String SCOPE_CHANGED = "scope-changed";

    /** Whether this revocation concerns a socket opened by {@code user}. */
    public boolean concerns(CurrentUser user) {
      if (user.id() != userId) {
        return false;
      }
      if (sessionId != null) {
        return sessionId.equals(user.sessionId());
      }
      return !Objects.equals(keepSessionId, user.sessionId());
    }

    /** The session is still good, but the user's role or grid changed: what was allowed must be decided again. */
    public boolean scopeChanged() {
      return SCOPE_CHANGED.equals(reason);
    }

    public JsonObject toJson() {
      return new JsonObject().put("userId", userId).put("sessionId", sessionId).put("keepSessionId", keepSessionId)
          .put("reason", reason);
    }

    public static Revocation fromJson(JsonObject j) {
      return new Revocation(j.getLong("userId"), j.getString("sessionId"), j.getString("keepSessionId"),
          j.getString("reason"));
    }
  }

  SessionRevocations(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Publishes {@code r} to every node. Call after the change committed. */
  void publish(Revocation r) {
    vertx.eventBus().publish(ADDRESS, r.toJson());
  }
}
