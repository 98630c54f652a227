package io.gridwatch.notifications;

import io.gridwatch.auth.CurrentUser;
import io.gridwatch.config.GridWatchConfig;
import io.gridwatch.http.Endpoint;
import io.gridwatch.http.HttpServerVerticle;
import io.gridwatch.http.JsonBody;
import io.gridwatch.http.Params;
import io.gridwatch.http.Respond;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code /api/notifications/*}: the rules ({@code GET|POST /api/notifications/rules},
 * {@code GET|PUT|DELETE /api/notifications/rules/{id}}) and the delivery list
 * ({@code GET /api/notifications/deliveries}). Who may call what is in AccessPolicy (ADMIN and
 * LEADER manage rules, SUPERVISOR reads); what they see is narrowed to their grid here. Stateless,
 * shared by every HTTP verticle.
 */
public final class NotificationsEndpoint implements Endpoint {
  private static final String STATUSES = "QUEUED|SENT|RETRYING|FAILED|EXPIRED|HELD_QUIET";
  private final NotificationRules rules;
  private final DeliveryStore deliveries;
  private final Predicate<String> isCell;
  private final Set<String> channels;
  private final GridWatchConfig config;

  public NotificationsEndpoint(NotificationRules rules, DeliveryStore deliveries, Predicate<String> isCell,
      Set<String> channels, GridWatchConfig config) {
    this.rules = rules;
    this.deliveries = deliveries;
    this.isCell = isCell;
    this.channels = Set.copyOf(channels);
    this.config = config;
  }

  @Override
  public void addRoutes(Router router) {
    router.get("/api/notifications/rules").handler(this::list);
    router.post("/api/notifications/rules").handler(HttpServerVerticle.jsonBodyHandler(config)).handler(this::create);
    router.get("/api/notifications/rules/:id").handler(ctx -> send(ctx, 200,
        rules.get(Params.pathId(ctx, "id"), CurrentUser.of(ctx).scope()).map(NotificationRule::toJson)));
    router.put("/api/notifications/rules/:id").handler(HttpServerVerticle.jsonBodyHandler(config)).handler(this::replace);
    router.delete("/api/notifications/rules/:id").handler(this::delete);
    router.get("/api/notifications/deliveries").handler(this::deliveries);
  }

  private void list(RoutingContext ctx) {
    send(ctx, 200, rules.list(CurrentUser.of(ctx).scope()).map(found -> {
      JsonArray items = new JsonArray();
      found.forEach(r -> items.add(r.toJson()));
      return new JsonObject().put("items", items).put("total", items.size());
    }));
  }

  private void create(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    RuleInput in = RuleInput.parse(JsonBody.of(ctx), isCell, channels, user.scope(), false);
    send(ctx, 201, rules.create(user.actor(ctx), in).map(r -> {
      ctx.response().putHeader("Location", "/api/notifications/rules/" + r.id());
      return r.toJson();
    }));
  }

  private void replace(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    long id = Params.pathId(ctx, "id");
    JsonBody body = JsonBody.of(ctx);
    // The rule first (404 before any field error); update() checks the scope again under lock.
    send(ctx, 200, rules.get(id, user.scope()).compose(existing -> {
      RuleInput in = RuleInput.parse(body, isCell, channels, user.scope(), existing.secret() != null);
      return rules.update(user.actor(ctx), id, in, user.scope());
    }).map(NotificationRule::toJson));
  }

  private void delete(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    Respond.noContent(ctx, rules.delete(user.actor(ctx), Params.pathId(ctx, "id"), user.scope()));
  }

  private void deliveries(RoutingContext ctx) {
    Params p = new Params(ctx);
    String status = p.optionalText("status", "(?i)\\s*(" + STATUSES + ")\\s*", "one of " + STATUSES.replace("|", ", "));
    String ruleId = p.optionalText("ruleId", "\\s*[1-9][0-9]{0,17}\\s*", "a rule id");
    String after = p.optionalText("after", "\\s*[0-9]{1,18}\\s*", "a delivery id");
    Integer limit = p.optionalInt("limit", 1, 500);
    p.validate();
    send(ctx, 200, deliveries.list(CurrentUser.of(ctx).scope(),
        status == null ? null : status.strip().toUpperCase(Locale.ROOT),
        ruleId == null ? null : Long.parseLong(ruleId.strip()), after == null ? 0L : Long.parseLong(after.strip()),
        limit == null ? 100 : limit).map(found -> {
          JsonArray items = new JsonArray();
          found.forEach(d -> items.add(delivery(d)));
          return new JsonObject().put("items", items);
        }));
  }

  private static JsonObject delivery(DeliveryStore.Delivery d) {
    return new JsonObject()
        .put("id", d.id())
        .put("ruleId", d.ruleId())
        .put("eventSeq", d.eventSeq())
        .put("eventType", d.eventType())
        .put("cellCode", d.cellCode())
        .put("recipient", new JsonObject().put("userId", d.recipientId())
            .put("name", d.recipientName()).put("role", d.recipientRole()))
        .put("channel", d.channel())
        .put("status", d.status())
        .put("attempts", d.attempts())
        .put("lastAttemptAt", time(d.lastAttemptAt()))
        .put("lastError", d.lastError())
        .put("deliveredAt", time(d.deliveredAt()))
        .put("dueAt", time(d.dueAt()))
        .put("expiresAt", time(d.expiresAt()))
        .put("text", d.text());
  }

  private static String time(OffsetDateTime t) {
    return t == null ? null : t.toString();
  }

  private static void send(RoutingContext ctx, int status, Future<JsonObject> body) {
    Respond.with(ctx, body, json -> ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store").end(json.encode()));
  }
}
