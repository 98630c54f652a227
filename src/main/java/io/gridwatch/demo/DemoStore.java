package io.gridwatch.demo;

import io.gridwatch.store.Sql;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The demo traffic's own reads ({@code sql/demo/}): how many cases, which to move, the field's work. */
final class DemoStore {
  private final Pool pool;

  DemoStore(Pool pool) {
    this.pool = pool;
  }

  /** A demo case that may move, and how long it has waited. */
  record Waiting(long id, long waitedMs, String status, String urgency) {}

  /** How many cases there are (a restart continues with other complaints). */
  Future<Long> countCases() {
    return pool.query(Sql.get("demo/count-cases")).execute().map(rows -> rows.iterator().next().getLong("n"));
  }

  /** At most {@code candidates} open cases of the cast that are not resting, longest waiting first. */
  Future<List<Waiting>> casesToMove(Long[] cast, Long[] resting, int candidates) {
    return pool.preparedQuery(Sql.get("demo/cases-to-move")).execute(Tuple.of(cast, resting, candidates))
        .map(rows -> {
          List<Waiting> out = new ArrayList<>(rows.size());
          for (Row r : rows) {
            out.add(new Waiting(r.getLong("id"), r.getLong("waited_ms"), r.getString("status"), r.getString("urgency")));
          }
          return out;
        });
  }

  /** The open assignments of the demo inspectors {@code ids}. */
  Future<List<DemoField.Assignment>> fieldAssignments(Long[] ids) {
    return pool.preparedQuery(Sql.get("demo/field-assignments")).execute(Tuple.of(ids)).map(rows -> {
      List<DemoField.Assignment> open = new ArrayList<>();
      for (Row r : rows) {
        open.add(new DemoField.Assignment(r.getLong("id"), r.getString("status"), r.getLong("version"),
            r.getDouble("lon_wgs84"), r.getDouble("lat_wgs84"), Arrays.asList(r.getArrayOfLongs("assigned_inspectors")),
            Arrays.asList(r.getArrayOfLongs("accepted_by"))));
      }
      return open;
    });
  }
}
