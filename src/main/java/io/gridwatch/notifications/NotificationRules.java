package io.gridwatch.notifications;

import io.gridwatch.audit.Actor;
import io.gridwatch.audit.AuditEntry;
import io.gridwatch.audit.AuditLog;
import io.gridwatch.auth.Scope;
import io.gridwatch.http.ApiException;
import io.gridwatch.http.FieldError;
import io.gridwatch.store.Sql;
import io.gridwatch.store.StoreErrors;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rules ({@code notification_rule}, SQL in {@code sql/notifications/}): list, read, create,
 * replace, delete (soft: the messages and their log keep pointing at it), each change in one
 * transaction with its audit line ({@code notification.rule.create}, {@code .update},
 * {@code .delete}). Thread-safe (stateless apart from the pool).
 */
public final class NotificationRules {
  private final Pool pool;
  private final AuditLog audit;
  private final Clock clock;

  public NotificationRules(Pool pool, AuditLog audit, Clock clock) {
    this.pool = pool;
    this.audit = audit;
    this.clock = clock;
  }

  /** The rules whose part of the grid overlaps {@code scope}, oldest first. */
  public Future<List<NotificationRule>> list(Scope scope) {
    return pool.preparedQuery(Sql.get("notifications/select-rules")).execute(Tuple.of(scope.gridCode()))
        .map(rows -> {
          List<NotificationRule> out = new ArrayList<>();
          rows.forEach(r -> out.add(NotificationRule.of(r)));
          return out;
        });
  }

  /** One rule visible in {@code scope}, or 404. */
  public Future<NotificationRule> get(long id, Scope scope) {
    return pool.preparedQuery(Sql.get("notifications/select-rule")).execute(Tuple.of(id))
        .map(rows -> visible(rows.size() == 0 ? null : NotificationRule.of(rows.iterator().next()), scope, id, false));
  }

  /** Creates a rule; 400 naming {@code userIds[i]} when a named user does not exist. */
  public Future<NotificationRule> create(Actor actor, RuleInput in) {
    OffsetDateTime now = now();
    return pool.withTransaction(conn -> checkUsers(conn, in.userIds())
            .compose(v -> conn.preparedQuery(Sql.get("notifications/insert-rule")).execute(Tuple.from(new Object[] {
                in.name(), in.events().toArray(new String[0]), in.cellCode(), in.roles().toArray(new String[0]),
                in.userIds().toArray(new Long[0]), in.upToLevel(), in.channel(), in.target(), in.secret(),
                in.quietHours() == null ? null : in.quietHours().start(),
                in.quietHours() == null ? null : in.quietHours().end(), in.urgent(), in.expireMinutes(), in.enabled(),
                actor.id(), now})))
            .compose(rows -> {
              long id = rows.iterator().next().getLong("id");
              return audit.record(conn, actor.entry("notification.rule.create", "notification-rule",
                  String.valueOf(id), AuditEntry.Outcome.SUCCESS, summary(in))).map(v -> id);
            }))
        .recover(e -> Future.failedFuture(StoreErrors.translate(e)))
        .compose(id -> get(id, Scope.cityWide()));
  }

  /** Replaces rule {@code id} (visible in {@code scope}); the secret is kept when none is given. */
  public Future<NotificationRule> update(Actor actor, long id, RuleInput in, Scope scope) {
    OffsetDateTime now = now();
    return pool.withTransaction(conn -> conn.preparedQuery(Sql.get("notifications/select-rule-for-update"))
            .execute(Tuple.of(id))
            .compose(rows -> {
              visible(rows.size() == 0 ? null : NotificationRule.of(rows.iterator().next()), scope, id, true);
              return checkUsers(conn, in.userIds());
            })
            .compose(v -> conn.preparedQuery(Sql.get("notifications/update-rule")).execute(Tuple.from(new Object[] {
                id, in.name(), in.events().toArray(new String[0]), in.cellCode(), in.roles().toArray(new String[0]),
                in.userIds().toArray(new Long[0]), in.upToLevel(), in.channel(), in.secret(), in.target(),
                in.quietHours() == null ? null : in.quietHours().start(),
                in.quietHours() == null ? null : in.quietHours().end(), in.urgent(), in.expireMinutes(), in.enabled(),
                now})))
            .compose(rows -> audit.record(conn, actor.entry("notification.rule.update", "notification-rule",
                String.valueOf(id), AuditEntry.Outcome.SUCCESS, summary(in).put("secretChanged", in.secret() != null)))))
        .recover(e -> Future.failedFuture(StoreErrors.translate(e)))
        .compose(v -> get(id, Scope.cityWide()));
  }

  /** Deletes (hides and disables) rule {@code id}; its queued messages expire instead of going out. */
  public Future<Void> delete(Actor actor, long id, Scope scope) {
    OffsetDateTime now = now();
    return pool.withTransaction(conn -> conn.preparedQuery(Sql.get("notifications/select-rule-for-update"))
            .execute(Tuple.of(id))
            .compose(rows -> {
              visible(rows.size() == 0 ? null : NotificationRule.of(rows.iterator().next()), scope, id, true);
              return conn.preparedQuery(Sql.get("notifications/delete-rule")).execute(Tuple.of(id, now));
            })
            .compose(rows -> audit.record(conn, actor.entry("notification.rule.delete", "notification-rule",
                String.valueOf(id), AuditEntry.Outcome.SUCCESS, new JsonObject()))))
        .recover(e -> Future.failedFuture(StoreErrors.translate(e)));
  }

  /**
   * Start-up: with a configured webhook, the default rule gets it and is enabled, unless someone
   * already gave it a target. The number of rules changed (0 or 1).
   */
  public Future<Integer> configureDefault(Optional<String> url, Optional<String> secret) {
    if (url.isEmpty() || secret.isEmpty()) {
      return Future.succeededFuture(0);
    }
    return pool.preparedQuery(Sql.get("notifications/configure-default-rule")).execute(Tuple.of(url.get(), secret.get()))
        .map(rows -> rows.rowCount());
  }

  private Future<Void> checkUsers(SqlConnection conn, List<Long> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery(Sql.get("notifications/select-users")).execute(Tuple.of(ids.toArray(new Long[0])))
        .compose(rows -> {
          Set<Long> found = new HashSet<>();
          for (Row r : rows) {
            found.add(r.getLong("id"));
          }
          List<FieldError> errors = new ArrayList<>();
          for (int i = 0; i < ids.size(); i++) {
            if (!found.contains(ids.get(i))) {
              errors.add(new FieldError("userIds[" + i + "]", "is not a user"));
            }
          }
          return errors.isEmpty() ? Future.succeededFuture() : Future.failedFuture(ApiException.invalid(errors));
        });
  }

  /**
   * The rule when {@code scope} may read it (its part of the grid overlaps the scope) and, for a
   * change, may change it (the rule lies inside the scope); else 404, or 403 for a rule one may
   * read but not change.
   */
  private static NotificationRule visible(NotificationRule rule, Scope scope, long id, boolean change) {
    String cell = rule == null ? null : rule.cellCode();
    boolean reads = rule != null && (scope.isCityWide() || cell == null || scope.covers(cell)
        || cell.startsWith(scope.gridCode()) || scope.gridCode().startsWith(cell));
    if (!reads) {
      throw ApiException.notFound("no-such-rule", "No such rule", "There is no notification rule " + id
          + " in your grid.");
    }
    if (change && !(scope.isCityWide() || (cell != null && scope.covers(cell)))) {
      throw ApiException.forbidden("rule-outside-grid", "Notification rule " + id + " reaches beyond your grid ("
          + scope.gridCode() + "); only a city-wide user may change it.");
    }
    return rule;
  }

  private static JsonObject summary(RuleInput in) {
    return new JsonObject().put("name", in.name()).put("events", new JsonArray(in.events()))
        .put("cellCode", in.cellCode()).put("roles", new JsonArray(in.roles()))
        .put("userIds", new JsonArray(in.userIds())).put("channel", in.channel()).put("enabled", in.enabled());
  }

  private OffsetDateTime now() {
    return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
  }
}
