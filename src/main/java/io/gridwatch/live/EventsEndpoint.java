package io.gridwatch.live;

import io.gridwatch.auth.CurrentUser;
import io.gridwatch.http.Respond;
import io.gridwatch.http.ApiException;
import io.gridwatch.http.Endpoint;
import io.gridwatch.http.Params;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code GET /api/events?after=<seq>&cell=<code>&limit=n}: the replay after a reconnect (or a
 * {@code resync}). Answers {@code {"events": [...], "more": bool}}, events in seq order, exactly
 * as the socket delivers them (the stored, masked payload, not re-encoded), at most
 * {@code limit} (default 100, at most 1000); {@code more} says another page follows (ask again
 * with {@code after} = the last seq received).
 *
 * <p>Scope: {@code cell} must lie inside the caller's scope (403 otherwise) and gives the events
 * in that cell and below; without it, everything the caller could listen to: the events of
 * their scope (for city-wide users every event, including unassigned cases) and those addressed
 * to them personally. Stateless; thread-safe.
 */
public final class EventsEndpoint implements Endpoint {
  public static final String PATH = "/api/events";
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;
  private final EventStore store;

  public EventsEndpoint(EventStore store) {
    this.store = store;
  }

  @Override
  public void addRoutes(Router router) {
    router.get(PATH).handler(this::replay);
  }

  private void replay(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    Params p = new Params(ctx);
    String afterText = p.optionalText("after", "[0-9]{1,18}", "a whole number, 0 or more");
    String cell = p.optionalText("cell", LiveAddresses.CODE.pattern(), "a grid code (6, 9, 12 or 14 digits)");
    Integer limitParam = p.optionalInt("limit", 1, MAX_LIMIT);
    p.validate();
    if (cell != null && !user.scope().covers(cell)) {
      throw ApiException.forbidden("outside-scope", "Cell " + cell + " lies outside your scope (" + user.scope() + ").");
    }
    long after = afterText == null ? 0 : Long.parseLong(afterText);
    int limit = limitParam == null ? DEFAULT_LIMIT : limitParam;
    store.replay(after, cell, user.scope().sqlPrefix(), user.id(), limit + 1)
        .onComplete(Respond.to(ctx, result -> {
          // The payloads are JSON text already: joined, not decoded and encoded again.
          StringBuilder out = new StringBuilder(256 + 256 * Math.min(limit, result.size()));
          out.append("{\"events\":[");
          int n = 0;
          List<String> payloads = result;
          for (String payload : payloads) {
            if (n == limit) {
              break;
            }
            if (n++ > 0) {
              out.append(',');
            }
            out.append(payload);
          }
          out.append("],\"more\":").append(result.size() > limit).append('}');
          ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
              .end(out.toString());
        }));
  }
}
