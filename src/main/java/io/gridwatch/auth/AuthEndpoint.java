package io.gridwatch.auth;

import io.gridwatch.config.GridWatchConfig;
import io.gridwatch.http.Respond;
import io.gridwatch.http.ClientAddress;
import io.gridwatch.http.Endpoint;
import io.gridwatch.http.HttpServerVerticle;
import io.gridwatch.http.JsonBody;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /api/auth/*}: login, logout, one's own account, password and second factor. Who may
 * call each route is in {@link AccessPolicy}; the handlers do no role checks of their own.
 */
public final class AuthEndpoint implements Endpoint {
  private final AuthService auth;
  private final GridWatchConfig config;

  AuthEndpoint(AuthService auth, GridWatchConfig config) {
    this.auth = auth;
    this.config = config;
  }

  @Override
  public void addRoutes(Router router) {
    Handler<RoutingContext> body = HttpServerVerticle.jsonBodyHandler(config);
    // The login rate limit is part of the AccessGuard: it runs before the body is even read.
    router.post("/api/auth/login").handler(body).handler(this::login);
    router.post("/api/auth/logout").handler(this::logout);
    router.get("/api/auth/me").handler(this::me);
    router.post("/api/auth/password").handler(body).handler(this::changePassword);
    router.post("/api/auth/totp/setup").handler(this::setupTotp);
    router.post("/api/auth/totp/enable").handler(body).handler(this::enableTotp);
    router.post("/api/auth/totp/disable").handler(body).handler(this::disableTotp);
  }

  private void login(RoutingContext ctx) {
    JsonBody b = JsonBody.of(ctx).allowOnly("username", "password", "totp");
    String username = b.requiredText("username", 1, 64);
    String password = b.requiredSecret("password", Passwords.MAX_LENGTH);
    String totp = b.optionalText("totp", 16);
    b.validate();
    auth.login(username, password, totp, ClientAddress.of(ctx)).onComplete(Respond.to(ctx, result -> {
      SessionCookie.set(ctx, result.token());
      noStore(ctx).putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("token", result.token()).put("user", result.user().toJson()).encode());
    }));
  }

  private void logout(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    respond(ctx, auth.logout(user, user.actor(ctx)).onSuccess(v -> SessionCookie.clear(ctx)));
  }

  private void me(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    auth.me(user).onComplete(Respond.to(ctx, result -> {
      User u = result;
      JsonObject body = user.toJson()
          .put("displayName", u.displayName())
          .put("totpEnabled", u.totpEnabled())
          .put("lastLoginAt", u.lastLoginAt() == null ? null : u.lastLoginAt().toString())
          .put("scope", new JsonObject().put("cityWide", user.scope().isCityWide()).put("gridCode", user.scope().gridCode()));
      noStore(ctx).putHeader("Content-Type", "application/json").end(body.encode());
    }));
  }

  private void changePassword(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    JsonBody b = JsonBody.of(ctx).allowOnly("current", "new");
    String current = b.requiredSecret("current", Passwords.MAX_LENGTH);
    String next = b.requiredSecret("new", Passwords.MAX_LENGTH);
    b.validate();
    respond(ctx, auth.changePassword(user, current, next, user.actor(ctx)));
  }

  private void setupTotp(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    auth.setupTotp(user).onComplete(Respond.to(ctx, result -> {
      noStore(ctx).putHeader("Content-Type", "application/json").end(result.encode());
    }));
  }

  private void enableTotp(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    JsonBody b = JsonBody.of(ctx).allowOnly("code");
    String code = b.requiredText("code", 6, 16);
    b.validate();
    respond(ctx, auth.enableTotp(user, code, user.actor(ctx)));
  }

  private void disableTotp(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    JsonBody b = JsonBody.of(ctx).allowOnly("password");
    String password = b.requiredSecret("password", Passwords.MAX_LENGTH);
    b.validate();
    respond(ctx, auth.disableTotp(user, password, user.actor(ctx)));
  }

  /** 204 when {@code done} succeeds; the failure handler otherwise. */
  private static void respond(RoutingContext ctx, Future<Void> done) {
    done.onComplete(Respond.to(ctx, result -> {
      noStore(ctx).setStatusCode(204).end();
    }));
  }

  private static io.vertx.core.http.HttpServerResponse noStore(RoutingContext ctx) {
    return ctx.response().putHeader("Cache-Control", "no-store");
  }
}
