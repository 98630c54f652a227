package io.gridwatch.open311;

import io.gridwatch.auth.CurrentUser;
import io.gridwatch.config.GridWatchConfig;
import io.gridwatch.http.Respond;
import io.gridwatch.http.Endpoint;
import io.gridwatch.http.HttpServerVerticle;
import io.gridwatch.http.JsonBody;
import io.gridwatch.http.Params;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /api/open311/clients}: administrators create Open311 API clients (the api_key is in the
 * answer to the create call and nowhere else, ever), list them and revoke them. ADMIN only
 * (AccessPolicy); every change is audited ({@code open311.client.create}, {@code .revoke}).
 */
public final class Open311ClientEndpoint implements Endpoint {
  private final Open311Clients clients;
  private final GridWatchConfig config;

  public Open311ClientEndpoint(Open311Clients clients, GridWatchConfig config) {
    this.clients = clients;
    this.config = config;
  }

  @Override
  public void addRoutes(Router router) {
    router.get("/api/open311/clients").handler(this::list);
    router.post("/api/open311/clients").handler(HttpServerVerticle.jsonBodyHandler(config)).handler(this::create);
    router.get("/api/open311/clients/:id").handler(ctx -> send(ctx, 200, clients.get(Params.pathId(ctx, "id"))));
    router.post("/api/open311/clients/:id/revoke").handler(ctx -> send(ctx, 200,
        clients.revoke(CurrentUser.of(ctx).actor(ctx), Params.pathId(ctx, "id"))));
  }

  private void list(RoutingContext ctx) {
    send(ctx, 200, clients.list().map(items -> new JsonObject().put("items", items).put("total", items.size())));
  }

  private void create(RoutingContext ctx) {
    JsonBody b = JsonBody.of(ctx).allowOnly("name", "userId", "ratePerMinute");
    String name = b.requiredText("name", 1, 100);
    long userId = 0;
    if (!(b.value("userId") instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() < 1) {
      b.error("userId", "is required: the id of the OPERATOR or ASSISTANT account the client acts as");
    } else {
      userId = n.longValue();
    }
    int rate = 60;
    Object r = b.value("ratePerMinute");
    if (r != null) {
      if (!(r instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() < 1
          || n.longValue() > 6000) {
        b.error("ratePerMinute", "must be a whole number from 1 to 6000");
      } else {
        rate = n.intValue();
      }
    }
    b.validate();
    send(ctx, 201, clients.create(CurrentUser.of(ctx).actor(ctx), name, userId, rate).map(c -> {
      ctx.response().putHeader("Location", "/api/open311/clients/" + c.client().getLong("id"));
      // Shown this once: only its hash is stored.
      return c.client().copy().put("apiKey", c.apiKey());
    }));
  }

  private static void send(RoutingContext ctx, int status, Future<JsonObject> body) {
    body.onComplete(Respond.to(ctx, result -> {
      ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
          .putHeader("Cache-Control", "no-store").end(result.encode());
    }));
  }
}
