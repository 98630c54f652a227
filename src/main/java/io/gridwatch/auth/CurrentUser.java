package io.gridwatch.auth;

import io.gridwatch.audit.Actor;
import io.gridwatch.http.ApiException;
import io.gridwatch.http.ClientAddress;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;

/**
 * The authenticated caller of one request, put on the {@link RoutingContext} by
 * {@link AccessGuard} after the session was checked (so role and grid are as they are in the
 * database now, not as they were at login). Immutable.
 *
 * @param sessionId a reference to the session row (base64url of the stored hash; not a secret,
 *     not usable as a token)
 */
public record CurrentUser(long id, String username, Role role, String gridCode, Scope scope, String sessionId) {
  static final String KEY = "gridwatch.currentUser";

  /**
   * The caller of this request. Every route that is not public in {@link AccessPolicy} has one;
   * on a request without one this fails with 401, so a mistake cannot serve an anonymous caller.
   */
  public static CurrentUser of(RoutingContext ctx) {
    CurrentUser user = ctx.get(KEY);
    if (user == null) {
      throw new ApiException(401, "unauthorized", "Unauthorized", "Log in first.", List.of());
    }
    return user;
  }

  /** The caller, if the request carried a valid session. */
  public static Optional<CurrentUser> find(RoutingContext ctx) {
    return Optional.ofNullable(ctx.get(KEY));
  }

  /** This user as the actor of an audit line for this request. */
  public Actor actor(RoutingContext ctx) {
    return new Actor(id, username, ClientAddress.of(ctx));
  }

  /** The public view sent to clients (login response, {@code /api/auth/me}). */
  public io.vertx.core.json.JsonObject toJson() {
    return new io.vertx.core.json.JsonObject().put("id", id).put("username", username).put("role", role.name())
        .put("gridCode", gridCode);
  }
}
