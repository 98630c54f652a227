package io.gridwatch.auth;

import io.gridwatch.config.GridWatchConfig;
import io.gridwatch.http.Respond;
import io.gridwatch.http.ApiException;
import io.gridwatch.http.Endpoint;
import io.gridwatch.http.HttpServerVerticle;
import io.gridwatch.http.JsonBody;
import io.gridwatch.http.Params;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Arrays;

/**
 * {@code /api/users}: account administration. Only ADMIN reaches these routes
 * ({@link AccessPolicy}); the rules for the data are in {@link UserAdmin}.
 */
public final class UserEndpoint implements Endpoint {
  private static final String ROLES = Arrays.toString(Role.values());
  private final UserAdmin admin;
  private final GridWatchConfig config;
  private final Clock clock;

  UserEndpoint(UserAdmin admin, GridWatchConfig config, Clock clock) {
    this.admin = admin;
    this.config = config;
    this.clock = clock;
  }

  @Override
  public void addRoutes(Router router) {
    Handler<RoutingContext> body = HttpServerVerticle.jsonBodyHandler(config);
    router.get("/api/users").handler(this::list);
    router.post("/api/users").handler(body).handler(this::create);
    router.get("/api/users/:id").handler(this::get);
    router.patch("/api/users/:id").handler(body).handler(this::update);
    router.post("/api/users/:id/password").handler(body).handler(this::resetPassword);
    router.post("/api/users/:id/unlock").handler(this::unlock);
  }

  private void list(RoutingContext ctx) {
    admin.list().onComplete(Respond.to(ctx, result -> {
      JsonArray items = new JsonArray();
      result.forEach(u -> items.add(u.toJson(clock.instant())));
      json(ctx, 200, new JsonObject().put("items", items).put("total", items.size()));
    }));
  }

  private void create(RoutingContext ctx) {
    JsonBody b = JsonBody.of(ctx).allowOnly("username", "displayName", "role", "gridCode", "password");
    String username = b.requiredText("username", 2, 64);
    String displayName = b.requiredText("displayName", 1, 100);
    Role role = role(b, true);
    String gridCode = b.optionalText("gridCode", 14);
    String password = b.requiredSecret("password", Passwords.MAX_LENGTH);
    // UserAdmin checks these too; checking them here as well lists every bad field in one answer.
    if (username != null && !username.matches(UserAdmin.USERNAME_PATTERN)) {
      b.error("username", UserAdmin.USERNAME_RULE);
    }
    if (password != null) {
      Passwords.weakness(password, username).ifPresent(w -> b.error("password", w));
    }
    b.validate();
    CurrentUser me = CurrentUser.of(ctx);
    send(ctx, 201, admin.create(me.actor(ctx), new UserAdmin.NewUser(username, displayName, role, gridCode, password))
        .onSuccess(u -> ctx.response().putHeader("Location", "/api/users/" + u.id())));
  }

  private void get(RoutingContext ctx) {
    send(ctx, 200, admin.get(Params.pathId(ctx, "id")));
  }

  private void update(RoutingContext ctx) {
    long id = Params.pathId(ctx, "id");
    JsonBody b = JsonBody.of(ctx).allowOnly("displayName", "role", "gridCode", "disabled");
    String displayName = b.has("displayName") ? b.requiredText("displayName", 1, 100) : null;
    Role role = b.has("role") ? role(b, true) : null;
    boolean setGridCode = b.has("gridCode");
    String gridCode = setGridCode ? b.optionalText("gridCode", 14) : null;
    Boolean disabled = b.optionalBoolean("disabled");
    b.validate();
    CurrentUser me = CurrentUser.of(ctx);
    send(ctx, 200, admin.update(me.actor(ctx), id, new UserAdmin.Change(displayName, role, setGridCode, gridCode, disabled)));
  }

  private void resetPassword(RoutingContext ctx) {
    long id = Params.pathId(ctx, "id");
    JsonBody b = JsonBody.of(ctx).allowOnly("password");
    String password = b.requiredSecret("password", Passwords.MAX_LENGTH);
    b.validate();
    admin.resetPassword(CurrentUser.of(ctx).actor(ctx), id, password).onComplete(Respond.to(ctx, result -> {
      ctx.response().setStatusCode(204).end();
    }));
  }

  private void unlock(RoutingContext ctx) {
    long id = Params.pathId(ctx, "id");
    send(ctx, 200, admin.unlock(CurrentUser.of(ctx).actor(ctx), id));
  }

  private static Role role(JsonBody b, boolean required) {
    String name = required ? b.requiredText("role", 1, 20) : b.optionalText("role", 20);
    if (name == null) {
      return null;
    }
    return Role.parse(name).orElseGet(() -> {
      b.error("role", "must be one of " + ROLES);
      return null;
    });
  }

  private void send(RoutingContext ctx, int status, Future<User> user) {
    user.onComplete(Respond.to(ctx, result -> {
      json(ctx, status, result.toJson(clock.instant()));
    }));
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store").end(body.encode());
  }
}
