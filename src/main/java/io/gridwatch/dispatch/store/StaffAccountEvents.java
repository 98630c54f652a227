package io.gridwatch.dispatch.store;

import io.gridwatch.auth.AccountListener;
import io.gridwatch.auth.Role;
import io.gridwatch.auth.User;
import io.gridwatch.dispatch.DutyStatus;
import io.gridwatch.store.Sql;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Tells the walls when an administrator takes a field staff member off the roster or moves them
 * to another grid, in the account change's own transaction (registered with
 * {@code UserAdmin.listen}):
 * <ul>
 *   <li><b>disabled</b> (or made something other than INSPECTOR/ASSISTANT): the roster row goes
 *       OFF_DUTY and a {@code staff.status} event on the <em>old</em> cell says so, with
 *       {@code removed: true} and {@code reason} {@code disabled} (or {@code role});</li>
 *   <li><b>moved</b> (home cell changed): a {@code staff.status} on the old cell, OFF_DUTY with
 *       {@code removed: true}, {@code reason: moved} and {@code movedTo}, so the old cell's wall
 *       drops the person; then one on the new cell with the person's current duty status (kept:
 *       the person is still at work) and last position, {@code movedFrom}, so the new cell's wall
 *       shows them. A wall above both hears both, in that order, and ends with the person where
 *       they now are;</li>
 *   <li><b>enabled again</b> (or made field staff): a {@code staff.status} on their cell with
 *       {@code added: true} and their status (OFF_DUTY until they go on duty).</li>
 * </ul>
 * Other changes (display name) say nothing. Thread-safe: stateless apart from the clock.
 */
public final class StaffAccountEvents implements AccountListener {
  private final Clock clock;

  public StaffAccountEvents(Clock clock) {
    this.clock = clock;
  }

  private static boolean onRoster(User u) {
    return !u.disabled() && (u.role() == Role.INSPECTOR || u.role() == Role.ASSISTANT);
  }

  @Override
  public Future<Void> changed(SqlConnection tx, User before, User after) {
    boolean was = onRoster(before);
    boolean is = onRoster(after);
    boolean moved = !Objects.equals(before.gridCode(), after.gridCode());
    if (!was && !is || was && is && !moved) {
      return Future.succeededFuture();
    }
    OffsetDateTime at = clock.instant().atOffset(ZoneOffset.UTC);
    return tx.preparedQuery(Sql.get("dispatch/select-roster-row-only-for-update")).execute(Tuple.of(after.id()))
        .compose(rows -> {
          Row row = rows.size() == 0 ? null : rows.iterator().next();
          DutyStatus current = row == null ? DutyStatus.OFF_DUTY : DutyStatus.valueOf(row.getString("status"));
          if (was && !is) {
            Future<?> off = row == null || current == DutyStatus.OFF_DUTY ? Future.succeededFuture()
                : tx.preparedQuery(Sql.get("dispatch/update-status"))
                    .execute(Tuple.of(after.id(), DutyStatus.OFF_DUTY.name(), at));
            JsonObject data = person(after).put("gridCode", before.gridCode())
                .put("status", DutyStatus.OFF_DUTY.name()).put("previousStatus", current.name())
                .put("removed", true).put("reason", after.disabled() ? "disabled" : "role");
            return off.compose(v -> DispatchStore.appendEvent(tx, before.gridCode(), "staff.status", at, data));
          }
          if (!was) {
            JsonObject data = person(after).put("status", current.name()).put("previousStatus", DutyStatus.OFF_DUTY.name())
                .put("added", true);
            return DispatchStore.appendEvent(tx, after.gridCode(), "staff.status", at, data);
          }
          JsonObject leaving = person(after).put("status", DutyStatus.OFF_DUTY.name())
              .put("previousStatus", current.name()).put("removed", true).put("reason", "moved")
              .put("movedFrom", before.gridCode()).put("movedTo", after.gridCode());
          JsonObject arriving = person(after).put("status", current.name()).put("previousStatus", current.name())
              .put("movedFrom", before.gridCode()).put("movedTo", after.gridCode()).put("position", position(row));
          return DispatchStore.appendEvent(tx, before.gridCode(), "staff.status", at, leaving)
              .compose(v -> DispatchStore.appendEvent(tx, after.gridCode(), "staff.status", at, arriving));
        });
  }

  private static JsonObject person(User u) {
    return new JsonObject().put("userId", u.id()).put("username", u.username()).put("name", u.displayName())
        .put("role", u.role().name()).put("gridCode", u.gridCode());
  }

  private static JsonObject position(Row row) {
    if (row == null || row.getDouble("lon") == null || row.getOffsetDateTime("position_at") == null) {
      return null;
    }
    return new JsonObject().put("lon", row.getDouble("lon")).put("lat", row.getDouble("lat"))
        .put("accuracyMeters", row.getDouble("accuracy_meters"))
        .put("at", row.getOffsetDateTime("position_at").withOffsetSameInstant(ZoneOffset.UTC).toString());
  }
}
