package io.gridwatch.audit;

import io.gridwatch.http.Endpoint;
import io.gridwatch.http.Params;
import io.gridwatch.store.Sql;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
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
  private final Pool pool;
  private final AuditLog audit;
  private final Function<RoutingContext, Actor> actorOf;

  /**
   * @param actorOf who is asking (from the authenticated request), for recording the read
   */
  public AuditEndpoint(Pool pool, AuditLog audit, Function<RoutingContext, Actor> actorOf) {
    this.pool = pool;
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
    pool.preparedQuery(Sql.get("audit/search"))
        .execute(Tuple.tuple()
            .addValue(userId == null ? null : userId.longValue())
            .addValue(username).addValue(action).addValue(objectType).addValue(objectId)
            .addValue(fromTime).addValue(toTime)
            .addValue(before == null ? null : before.longValue())
            .addValue(limit == null ? 100 : limit))
        .compose(rows -> audit.record(actor.entry("audit.read", "audit", null, AuditEntry.Outcome.SUCCESS,
                new JsonObject().put("filters", filters).put("rows", rows.size())))
            .map(v -> rows))
        .onSuccess(rows -> {
          JsonArray items = new JsonArray();
          Long last = null;
          for (Row r : rows) {
            last = r.getLong("id");
            items.add(new JsonObject()
                .put("id", last)
                .put("at", r.getOffsetDateTime("at").toString())
                .put("userId", r.getLong("actor_id"))
                .put("username", r.getString("actor_name"))
                .put("action", r.getString("action"))
                .put("objectType", r.getString("object_type"))
                .put("objectId", r.getString("object_id"))
                .put("address", r.getString("address"))
                .put("outcome", r.getString("outcome"))
                .put("detail", r.getJsonObject("detail")));
          }
          ctx.response().putHeader("Content-Type", "application/json")
              .end(new JsonObject().put("items", items).put("nextBefore", last).encode());
        })
        .onFailure(ctx::fail);
  }
}
