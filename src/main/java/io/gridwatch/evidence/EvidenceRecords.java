package io.gridwatch.evidence;

import io.gridwatch.audit.AuditEntry;
import io.gridwatch.audit.AuditLog;
import io.gridwatch.store.Sql;
import io.gridwatch.store.StoreErrors;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The {@code evidence} rows (SQL in {@code sql/evidence/}): which blob is attached to which case,
 * with what the phone and the photo said about it. An attachment commits together with its
 * {@code evidence.upload} audit line and, when new, its {@code evidence.added} live event.
 * Thread-safe (stateless apart from the pool).
 */
public final class EvidenceRecords {
  private final Pool pool;
  private final AuditLog audit;

  public EvidenceRecords(Pool pool, AuditLog audit) {
    this.pool = pool;
    this.audit = audit;
  }

  /** The case evidence is about: its number, category, cell (null when unassigned) and team. */
  public record CaseRef(long id, String caseNo, String category, String cellCode, List<Long> team) {}

  /** What is to be stored about one upload. */
  public record NewEvidence(long caseId, String sha256, long size, EvidenceType type, String fileName, String note,
      OffsetDateTime takenAt, Double lon, Double lat, OffsetDateTime exifTakenAt, Double exifLon, Double exifLat,
      long uploadedBy) {}

  /** A stored attachment; {@code created} is false when the case already held these bytes. */
  public record Stored(JsonObject evidence, boolean created) {}

  /** The case {@code id}, if it exists. */
  public Future<Optional<CaseRef>> findCase(long id) {
    return pool.preparedQuery(Sql.get("evidence/select-case")).execute(Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row r = rows.iterator().next();
      Long[] team = r.getArrayOfLongs("assigned_inspectors");
      return Optional.of(new CaseRef(r.getLong("id"), r.getString("case_no"), r.getString("category"),
          r.getString("cell_code"), team == null ? List.of() : Arrays.asList(team)));
    });
  }

  /**
   * Attaches the blob to the case, idempotently: the first time a row, the audit line and the
   * live event; again, the existing row and an audit line saying it was a repeat.
   *
   * @param auditEntry the {@code evidence.upload} line, to which the evidence id and whether it
   *     was a repeat are added
   */
  public Future<Stored> add(CaseRef c, NewEvidence e, String role, AuditEntry auditEntry, OffsetDateTime now) {
    Tuple t = Tuple.tuple().addValue(e.caseId()).addValue(e.sha256()).addValue(e.size())
        .addValue(e.type().mediaType()).addValue(e.fileName()).addValue(e.note()).addValue(e.takenAt())
        .addValue(e.lon()).addValue(e.lat()).addValue(e.exifTakenAt()).addValue(e.exifLon()).addValue(e.exifLat())
        .addValue(e.uploadedBy());
    return pool.withTransaction(conn -> conn.preparedQuery(Sql.get("evidence/insert")).execute(t).compose(rows -> {
      if (rows.size() == 1) {
        JsonObject json = json(rows.iterator().next());
        JsonObject data = new JsonObject().put("caseId", c.id()).put("caseNo", c.caseNo())
            .put("category", c.category()).put("evidenceId", json.getLong("id")).put("sha256", e.sha256())
            .put("contentType", e.type().mediaType()).put("size", e.size())
            .put("actor", new JsonObject().put("userId", e.uploadedBy()).put("role", role));
        JsonObject payload = new JsonObject().put("type", "evidence.added").put("at", now.toString())
            .put("cellCode", c.cellCode()).put("data", data);
        return audit.record(conn, withDetail(auditEntry, json.getLong("id"), false))
            // The event last: it takes the system-wide seq lock (see insert-outbox.sql).
            .compose(v -> conn.preparedQuery(Sql.get("evidence/insert-outbox"))
                .execute(Tuple.of(c.id(), c.cellCode(), now, payload, c.team().toArray(Long[]::new))))
            .map(v -> new Stored(json, true));
      }
      return conn.preparedQuery(Sql.get("evidence/select-by-sha")).execute(Tuple.of(e.caseId(), e.sha256()))
          .compose(existing -> {
            JsonObject json = json(existing.iterator().next());
            return audit.record(conn, withDetail(auditEntry, json.getLong("id"), true)).map(v -> new Stored(json, false));
          });
    })).recover(err -> Future.failedFuture(StoreErrors.translate(err)));
  }

  private static AuditEntry withDetail(AuditEntry e, long evidenceId, boolean repeat) {
    return new AuditEntry(e.actorId(), e.actorName(), e.action(), "evidence", String.valueOf(evidenceId),
        e.address(), e.outcome(), e.detail().copy().put("repeat", repeat));
  }

  /** Every attachment of case {@code caseId}, oldest first. */
  public Future<List<JsonObject>> list(long caseId) {
    return pool.preparedQuery(Sql.get("evidence/list")).execute(Tuple.of(caseId)).map(rows -> {
      List<JsonObject> out = new ArrayList<>();
      rows.forEach(r -> out.add(json(r)));
      return out;
    });
  }

  /** The attachment {@code id} of case {@code caseId}, if any. */
  public Future<Optional<JsonObject>> find(long caseId, long id) {
    return pool.preparedQuery(Sql.get("evidence/select-one")).execute(Tuple.of(caseId, id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(json(rows.iterator().next())));
  }

  /** A row as the API shows it. */
  static JsonObject json(Row r) {
    long caseId = r.getLong("case_id");
    long id = r.getLong("id");
    OffsetDateTime taken = r.getOffsetDateTime("taken_at");
    OffsetDateTime exifTaken = r.getOffsetDateTime("exif_taken_at");
    return new JsonObject()
        .put("id", id)
        .put("caseId", caseId)
        .put("sha256", r.getString("sha256"))
        .put("size", r.getLong("size_bytes"))
        .put("contentType", r.getString("content_type"))
        .put("fileName", r.getString("file_name"))
        .put("note", r.getString("note"))
        .put("takenAt", taken == null ? null : taken.toString())
        .put("location", location(r.getDouble("lon"), r.getDouble("lat")))
        .put("exif", new JsonObject()
            .put("takenAt", exifTaken == null ? null : exifTaken.toString())
            .put("location", location(r.getDouble("exif_lon"), r.getDouble("exif_lat"))))
        .put("uploadedBy", new JsonObject().put("userId", r.getLong("uploaded_by"))
            .put("username", r.getString("uploaded_by_name")))
        .put("uploadedAt", r.getOffsetDateTime("uploaded_at").toString())
        .put("href", "/api/cases/" + caseId + "/evidence/" + id);
  }

  private static JsonObject location(Double lon, Double lat) {
    return lon == null || lat == null ? null : new JsonObject().put("lon", lon).put("lat", lat).put("crs", "WGS84");
  }
}
