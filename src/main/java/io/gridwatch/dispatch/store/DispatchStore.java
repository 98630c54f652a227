package io.gridwatch.dispatch.store;

import io.gridwatch.auth.Role;
import io.gridwatch.auth.Scope;
import io.gridwatch.dispatch.DutyStatus;
import io.gridwatch.dispatch.LonLat;
import io.gridwatch.dispatch.Position;
import io.gridwatch.http.ApiException;
import io.gridwatch.store.Sql;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The roster in PostgreSQL (tables {@code staff_roster} and {@code staff_track}, migration V14):
 * duty status, last position and the track of the last days of every field staff member, and
 * the {@code staff.status} / {@code staff.position} events written with them (one transaction:
 * the change and its outbox row commit together). Thread-safe (stateless apart from the pool).
 */
public final class DispatchStore {
  /** Track points older than this are deleted when the user stores a new one. */
  public static final Duration TRACK_KEPT = Duration.ofDays(7);
  private final Pool pool;

  public DispatchStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * One staff member as the roster shows them.
   *
   * @param position the last position (WGS84), or null when none was ever stored
   * @param lastAssignedAt when the person was last dispatched to a case; null when never, or when
   *     not asked for (only the ranking's query, with grid codes, reads it)
   */
  public record Entry(long userId, String username, String name, Role role, String gridCode, DutyStatus status,
      Position position, int openAssignments, Instant lastAssignedAt) {

    /** Whether the position is older than {@code staleAfter} at {@code now} (true when there is none). */
    public boolean stale(Instant now, Duration staleAfter) {
      return position == null || position.at().plus(staleAfter).isBefore(now);
    }

    /** The API's staff item. */
    public JsonObject toJson(Instant now, Duration staleAfter) {
      JsonObject pos = position == null ? null : new JsonObject()
          .put("lon", position.point().lon()).put("lat", position.point().lat())
          .put("accuracyMeters", position.accuracyMeters())
          .put("at", position.at().atOffset(ZoneOffset.UTC).toString())
          .put("stale", stale(now, staleAfter));
      return new JsonObject().put("userId", userId).put("username", username).put("name", name)
          .put("role", role.name()).put("gridCode", gridCode).put("status", status.name())
          .put("position", pos).put("openAssignments", openAssignments);
    }
  }

  /** A position as the phone sent it, with its WGS84 conversion. */
  public record Report(double lonWgs84, double latWgs84, String crs, double lonGiven, double latGiven,
      double accuracyMeters, Instant at) {}

  /** What became of a position: stored, or dropped by the throttle. */
  public enum PositionOutcome { STORED, THROTTLED }

  /**
   * Staff in {@code scope}, optionally only those whose grid is {@code cell} or inside it, or
   * whose grid is exactly one of {@code gridCodes}, or the one user {@code userId}.
   */
  public Future<List<Entry>> staff(Scope scope, String cell, List<String> gridCodes, Long userId) {
    Tuple t = Tuple.tuple().addString(scope.sqlPrefix()).addString(cell)
        .addArrayOfString(gridCodes == null ? null : gridCodes.toArray(String[]::new)).addLong(userId);
    return pool.preparedQuery(Sql.get("dispatch/select-staff")).execute(t).map(rows -> {
      List<Entry> out = new ArrayList<>(rows.size());
      for (Row r : rows) {
        out.add(entry(r));
      }
      return out;
    });
  }

  /** The roster entry of one user (a field staff member), if they are one. */
  public Future<Optional<Entry>> entry(long userId) {
    return staff(Scope.cityWide(), null, null, userId)
        .map(list -> list.isEmpty() ? Optional.empty() : Optional.of(list.get(0)));
  }

  /**
   * Sets the duty status of {@code userId} and appends a {@code staff.status} event on the
   * user's grid cell, in one transaction. Setting the status it already has is stored again and
   * announced again (harmless: the walls show the same).
   */
  public Future<Void> setStatus(long userId, DutyStatus status, Instant now) {
    OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
    return pool.withTransaction(conn -> lockRow(conn, userId, at).compose(row -> {
      DutyStatus before = DutyStatus.valueOf(row.getString("status"));
      return conn.preparedQuery(Sql.get("dispatch/update-status")).execute(Tuple.of(userId, status.name(), at))
          .compose(v -> appendEvent(conn, row.getString("grid_code"), "staff.status", at,
              person(userId, row).put("status", status.name()).put("previousStatus", before.name())));
    })).mapEmpty();
  }

  /**
   * Sets the duty status of {@code userId} to {@code status} only if it is now one of
   * {@code from}, with its {@code staff.status} event, in one transaction; true when it changed.
   * For the system following the work (accepting sets EN_ROUTE, arriving ON_SITE): a status the
   * person set themselves (BUSY, OFF_DUTY) is never overridden.
   */
  public Future<Boolean> setStatusIf(long userId, DutyStatus status, java.util.Set<DutyStatus> from, Instant now) {
    OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
    return pool.withTransaction(conn -> lockRow(conn, userId, at).compose(row -> {
      DutyStatus before = DutyStatus.valueOf(row.getString("status"));
      if (before == status || !from.contains(before)) {
        return Future.succeededFuture(false);
      }
      return conn.preparedQuery(Sql.get("dispatch/update-status")).execute(Tuple.of(userId, status.name(), at))
          .compose(v -> appendEvent(conn, row.getString("grid_code"), "staff.status", at,
              person(userId, row).put("status", status.name()).put("previousStatus", before.name())
                  .put("automatic", true)))
          .map(true);
    }));
  }

  /**
   * Stores a position of {@code userId} as the last one and on the track, and appends a
   * {@code staff.position} event, in one transaction; unless the user is OFF_DUTY (409
   * {@code off-duty}) or stored one less than {@code minInterval} ago (then nothing changes and
   * the answer is {@link PositionOutcome#THROTTLED}). The throttle goes by the server's clock.
   */
  public Future<PositionOutcome> storePosition(long userId, Report p, Duration minInterval, Instant now) {
    OffsetDateTime storedAt = now.atOffset(ZoneOffset.UTC);
    OffsetDateTime takenAt = p.at().atOffset(ZoneOffset.UTC);
    return pool.withTransaction(conn -> lockRow(conn, userId, storedAt).compose(row -> {
      DutyStatus status = DutyStatus.valueOf(row.getString("status"));
      if (status == DutyStatus.OFF_DUTY) {
        return Future.failedFuture(ApiException.conflict("off-duty", "Off duty",
            "Positions are kept only while on duty; set a status other than OFF_DUTY first."));
      }
      OffsetDateTime last = row.getOffsetDateTime("stored_at");
      if (last != null && last.toInstant().plus(minInterval).isAfter(now)) {
        return Future.succeededFuture(PositionOutcome.THROTTLED);
      }
      Tuple update = Tuple.tuple().addLong(userId).addDouble(p.lonWgs84()).addDouble(p.latWgs84())
          .addString(p.crs()).addDouble(p.lonGiven()).addDouble(p.latGiven()).addDouble(p.accuracyMeters())
          .addOffsetDateTime(takenAt).addOffsetDateTime(storedAt);
      Tuple track = Tuple.tuple().addLong(userId).addDouble(p.lonWgs84()).addDouble(p.latWgs84())
          .addString(p.crs()).addDouble(p.accuracyMeters()).addOffsetDateTime(takenAt).addOffsetDateTime(storedAt);
      JsonObject data = person(userId, row).put("status", status.name()).put("position", new JsonObject()
          .put("lon", p.lonWgs84()).put("lat", p.latWgs84()).put("accuracyMeters", p.accuracyMeters())
          .put("at", takenAt.toString()));
      return conn.preparedQuery(Sql.get("dispatch/update-position")).execute(update)
          .compose(v -> conn.preparedQuery(Sql.get("dispatch/insert-track")).execute(track))
          .compose(v -> conn.preparedQuery(Sql.get("dispatch/prune-track"))
              .execute(Tuple.of(userId, storedAt.minus(TRACK_KEPT))))
          .compose(v -> appendEvent(conn, row.getString("grid_code"), "staff.position", storedAt, data))
          .map(v -> PositionOutcome.STORED);
    }));
  }

  /** One point of a track: WGS84, the accuracy radius, when the phone took it. */
  public record TrackPoint(double lon, double lat, double accuracyMeters, Instant at) {}

  /**
   * The track of {@code userId} taken in [{@code from}, {@code to}), oldest first, at most
   * {@code limit} points; the list holds one point more than {@code limit} when there are more
   * (the caller says "truncated" and drops it).
   */
  public Future<List<TrackPoint>> track(long userId, Instant from, Instant to, int limit) {
    Tuple t = Tuple.tuple().addLong(userId).addOffsetDateTime(from.atOffset(ZoneOffset.UTC))
        .addOffsetDateTime(to.atOffset(ZoneOffset.UTC)).addInteger(limit + 1);
    return pool.preparedQuery(Sql.get("dispatch/select-track")).execute(t).map(rows -> {
      List<TrackPoint> out = new ArrayList<>(rows.size());
      for (Row r : rows) {
        out.add(new TrackPoint(r.getDouble("lon"), r.getDouble("lat"), r.getDouble("accuracy_meters"),
            r.getOffsetDateTime("at").toInstant()));
      }
      return out;
    });
  }

  /** How many track points {@code userId} has (for tests and the route of the day). */
  public Future<Long> trackSize(long userId) {
    return pool.preparedQuery("SELECT count(*) AS n FROM staff_track WHERE user_id = $1").execute(Tuple.of(userId))
        .map(rows -> rows.iterator().next().getLong("n"));
  }

  /** The case's cell and WGS84 location, for its candidates; empty when there is no such case. */
  public Future<Optional<CaseSite>> caseSite(long caseId) {
    return pool.preparedQuery(Sql.get("dispatch/select-case")).execute(Tuple.of(caseId)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row r = rows.iterator().next();
      Double lon = r.getDouble("lon_wgs84");
      Double lat = r.getDouble("lat_wgs84");
      return Optional.of(new CaseSite(r.getLong("id"), r.getString("cell_code"),
          lon == null || lat == null ? null : new LonLat(lon, lat), r.getString("status")));
    });
  }

  /**
   * A case as the candidates see it.
   *
   * @param cellCode the deepest cell, or null for an unassigned case
   * @param location WGS84, or null when the case has none
   */
  public record CaseSite(long caseId, String cellCode, LonLat location, String status) {}

  private static Future<Row> lockRow(SqlConnection conn, long userId, OffsetDateTime at) {
    return conn.preparedQuery(Sql.get("dispatch/ensure-roster-row")).execute(Tuple.of(userId, at))
        .compose(v -> conn.preparedQuery(Sql.get("dispatch/select-roster-row-for-update")).execute(Tuple.of(userId)))
        .map(rows -> rows.iterator().next());
  }

  private static JsonObject person(long userId, Row row) {
    return new JsonObject().put("userId", userId).put("username", row.getString("username"))
        .put("name", row.getString("display_name")).put("role", row.getString("role"))
        .put("gridCode", row.getString("grid_code"));
  }

  /** One event in the outbox under the next seq (sent last: see sql/dispatch/insert-outbox.sql). */
  static Future<Void> appendEvent(SqlConnection conn, String cellCode, String type, OffsetDateTime at,
      JsonObject data) {
    JsonObject payload = new JsonObject().put("type", type).put("at", at.toString()).put("cellCode", cellCode)
        .put("data", data);
    return conn.preparedQuery(Sql.get("dispatch/insert-outbox")).execute(Tuple.of(cellCode, type, at, payload))
        .mapEmpty();
  }

  private static Entry entry(Row r) {
    Double lon = r.getDouble("lon");
    Double lat = r.getDouble("lat");
    OffsetDateTime at = r.getOffsetDateTime("position_at");
    OffsetDateTime lastAssigned = r.getOffsetDateTime("last_assigned_at");
    Position position = lon == null || lat == null || at == null ? null
        : new Position(new LonLat(lon, lat), r.getDouble("accuracy_meters"), at.toInstant());
    return new Entry(r.getLong("id"), r.getString("username"), r.getString("display_name"),
        Role.valueOf(r.getString("role")), r.getString("grid_code"), DutyStatus.valueOf(r.getString("status")),
        position, r.getLong("open_assignments").intValue(),
        lastAssigned == null ? null : lastAssigned.toInstant());
  }
}
