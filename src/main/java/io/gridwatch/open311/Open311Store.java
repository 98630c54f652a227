package io.gridwatch.open311;

import io.gridwatch.auth.Scope;
import io.gridwatch.cases.workflow.CaseStatus;
import io.gridwatch.store.Sql;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Cases read as Open311 service requests ({@code sql/open311/select-requests.sql}): no
 * complainant columns at all. Thread-safe.
 */
public final class Open311Store {
  private final Pool pool;

  public Open311Store(Pool pool) {
    this.pool = pool;
  }

  /**
   * A case as a service request. {@code expectedAt} is the running closing deadline (the service
   * promise first, else the legal investigation limit), null while paused or once met.
   */
  public record ServiceRequest(long id, String caseNo, CaseStatus status, String category, String description,
      String cellCode, Double lon, Double lat, OffsetDateTime createdAt, OffsetDateTime updatedAt,
      String mergedIntoNo, OffsetDateTime expectedAt) {}

  /** What to look for: each filter null for "any". */
  public record Filter(Long caseId, String[] caseNos, String[] categories, String[] statuses, OffsetDateTime start,
      OffsetDateTime end) {}

  /** Cases in {@code scope} matching {@code f}, newest first, at most {@code limit}. */
  public Future<List<ServiceRequest>> find(Scope scope, Filter f, int limit) {
    Tuple t = Tuple.tuple().addValue(scope.sqlPrefix()).addValue(f.caseId()).addValue(f.caseNos())
        .addValue(f.categories()).addValue(f.statuses()).addValue(f.start()).addValue(f.end()).addValue(limit);
    return pool.preparedQuery(Sql.get("open311/select-requests")).execute(t).map(rows -> {
      List<ServiceRequest> out = new ArrayList<>(rows.size());
      for (Row r : rows) {
        out.add(new ServiceRequest(r.getLong("id"), r.getString("case_no"), CaseStatus.valueOf(r.getString("status")),
            r.getString("category"), r.getString("description"), r.getString("cell_code"), r.getDouble("lon_wgs84"),
            r.getDouble("lat_wgs84"), r.getOffsetDateTime("created_at"), r.getOffsetDateTime("updated_at"),
            r.getString("merged_into_no"), r.getOffsetDateTime("expected_at")));
      }
      return out;
    });
  }
}
