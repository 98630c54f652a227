package io.gridwatch.audit;

import io.gridwatch.http.Respond;
import io.gridwatch.http.Endpoint;
import io.gridwatch.http.Params;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.OffsetDateTime;
import java.util.function.Function;

/**
 * {@code GET /api/audit}: the audit trail for administrators, newest first, filtered by user
 * ({@code userId} or {@code username}), action prefix, object ({@code objectType},
 * {@code objectId}) and time ({@code from} inclusive, {@code to} exclusive), paged by
 * {@code before} (an id: the page after the last one seen). Reading the trail is itself
 * recorded. Access (ADMIN only) is enforced by the central access policy.
 */
public final class AuditEndpoint implements Endpoint {
  private final AuditLog audit;
  private final Function<RoutingContext, Actor> actorOf;

  /**
   * @param actorOf who is asking (from the authenticated request), for recording the read
   */
  public AuditEndpoint(AuditLog audit, Function<RoutingContext, Actor> actorOf) {
    this.audit = audit;
    this.actorOf = actorOf;
  }

  @Override
  public void addRoutes(Router router) {
    router.get("/api/audit").handler(this::search);
  }

  private void search(RoutingContext ctx) {
    Params p = new Params(ctx);
    Integer userId = p.optionalInt("userId", 1, Integer.MAX_VALUE);
    String username = p.optionalText("username", "[\\p{L}\\p{N}._@-]{1,64}", "a username");
    String action = p.optionalText("action", "[a-z0-9.-]{1,64}", "an action (e.g. auth.login)");
    String objectType = p.optionalText("objectType", "[a-z0-9-]{1,32}", "an object type");
    String objectId = p.optionalText("objectId", ".{1,128}", "an object id");
    OffsetDateTime fromTime = p.optionalTime("from");
    OffsetDateTime toTime = p.optionalTime("to");
    Integer before = p.optionalInt("before", 1, Integer.MAX_VALUE);
    Integer limit = p.optionalInt("limit", 1, 1000);
    p.validate();
    Actor actor = actorOf.apply(ctx);
    JsonObject filters = new JsonObject().put("userId", userId).put("username", username).put("action", action)
        .put("objectType", objectType).put("objectId", objectId).put("from", fromTime == null ? null : fromTime.toString()).put("to", toTime == null ? null : toTime.toString());
    audit.search(new AuditLog.Query(userId == null ? null : userId.longValue(), username, action, objectType,
            objectId, fromTime, toTime, before == null ? null : before.longValue(), limit == null ? 100 : limit))
        .compose(lines -> audit.record(actor.entry("audit.read", "audit", null, AuditEntry.Outcome.SUCCESS,
                new JsonObject().put("filters", filters).put("rows", lines.size())))
            .map(v -> lines))
        .onComplete(Respond.to(ctx, lines -> {
          JsonArray items = new JsonArray();
          Long last = null;
          for (AuditLog.Line l : lines) {
            last = l.id();
            items.add(new JsonObject()
                .put("id", last)
                .put("at", l.at().toString())
                .put("userId", l.userId())
                .put("username", l.username())
                .put("action", l.action())
                .put("objectType", l.objectType())
                .put("objectId", l.objectId())
                .put("address", l.address())
                .put("outcome", l.outcome())
                .put("detail", l.detail()));
          }
          ctx.response().putHeader("Content-Type", "application/json")
              .end(new JsonObject().put("items", items).put("nextBefore", last).encode());
        }));
  }
}
