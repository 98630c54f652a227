package io.gridwatch.health;

import io.gridwatch.geo.GridService;
import io.gridwatch.http.Endpoint;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /health}: 200 {@code {"status":"UP"}} when the database answers within two seconds,
 * 503 {@code {"status":"DOWN"}} otherwise; also reports the grid's size. Needs no login.
 */
public final class HealthEndpoint implements Endpoint {
  private final HealthStore store;
  private final GridService grid;

  public HealthEndpoint(HealthStore store, GridService grid) {
    this.store = store;
    this.grid = grid;
  }

  @Override
  public void addRoutes(Router router) {
    router.get("/health").handler(this::health);
  }

  private void health(RoutingContext ctx) {
    long started = System.nanoTime();
    store.ping()
        .timeout(2, TimeUnit.SECONDS)
        .onComplete(ar -> {
          boolean up = ar.succeeded();
          JsonObject db = new JsonObject().put("status", up ? "UP" : "DOWN");
          if (up) {
            db.put("latencyMs", (System.nanoTime() - started) / 1_000_000);
          } else {
            db.put("error", ar.cause().getClass().getSimpleName());
          }
          JsonObject body = new JsonObject()
              .put("status", up ? "UP" : "DOWN")
              .put("database", db)
              .put("grid", new JsonObject().put("cells", grid.snapshot() == null ? 0 : grid.snapshot().resolver().size()));
          ctx.response().setStatusCode(up ? 200 : 503)
              .putHeader("Content-Type", "application/json")
              .putHeader("Cache-Control", "no-store")
              .end(body.encode());
        });
  }
}
