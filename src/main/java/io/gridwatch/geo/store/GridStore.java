package io.gridwatch.geo.store;

import io.gridwatch.geo.model.GeoMath;
import io.gridwatch.geo.model.GridCell;
import io.gridwatch.store.Sql;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;

/**
 * Persistence of grid cells and their generations (SQL in {@code sql/grid/}). Geometries are
 * stored as WKB so that GridWatch needs no PostGIS; WKB encoding and decoding of many cells runs
 * on a worker thread, never on the event loop. Thread-safe (stateless apart from the pool).
 */
public final class GridStore {
  static final GeometryFactory FACTORY = new GeometryFactory(new PrecisionModel(), 4326);
  private static final int BATCH = 500;
  private final Vertx vertx;
  private final Pool pool;

  public GridStore(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  /** One stored version of a cell. */
  public record CellVersion(long id, GridCell cell, OffsetDateTime validFrom, OffsetDateTime validTo,
      long generationId, Long retiredGenerationId) {}

  /** What an import changed. */
  public record ImportResult(long generationId, OffsetDateTime importedAt, int inserted, int unchanged) {}

  /** All current cells, ordered by level then code. */
  public Future<List<GridCell>> loadCurrent() {
    return pool.query(Sql.get("grid/select-current-cells")).execute()
        .compose(rows -> vertx.executeBlocking(() -> toCells(rows), false));
  }

  public Future<Long> countCurrent() {
    return pool.query(Sql.get("grid/count-current-cells")).execute()
        .map(rows -> rows.iterator().next().getLong("n"));
  }

  private static List<GridCell> toCells(RowSet<Row> rows) throws ParseException {
    WKBReader reader = new WKBReader(FACTORY);
    List<GridCell> cells = new ArrayList<>(rows.size());
    for (Row r : rows) {
      cells.add(new GridCell(r.getString("code"), r.getInteger("level"), r.getString("name"),
          r.getString("parent_code"), reader.read(r.getBuffer("geom_wkb").getBytes())));
    }
    return cells;
  }

  /**
   * Stores the accepted cells of one import as a new generation, in one transaction: a cell
   * whose code is new is inserted; one whose current version differs (geometry, name or parent)
   * is retired and its new version inserted; an identical one is left alone. Imports are
   * serialised across nodes by an advisory lock. Nothing is written if anything fails.
   */
  public Future<ImportResult> saveImport(int level, String source, String actor, List<GridCell> accepted,
      JsonObject report) {
    return saveImport(level, source, actor, accepted, report, (conn, result) -> Future.succeededFuture());
  }

  /**
   * {@link #saveImport(int, String, String, List, JsonObject)}, also running {@code alsoInTransaction}
   * (the audit line) on the same transaction once the generation is written: both commit or
   * neither does.
   */
  public Future<ImportResult> saveImport(int level, String source, String actor, List<GridCell> accepted,
      JsonObject report, BiFunction<SqlConnection, ImportResult, Future<Void>> alsoInTransaction) {
    return vertx.executeBlocking(() -> encode(accepted), false).compose(encoded ->
        pool.withTransaction(conn -> conn.query(Sql.get("grid/lock-imports")).execute()
            .compose(v -> conn.preparedQuery(Sql.get("grid/insert-generation"))
                .execute(Tuple.of((short) level, source, actor, accepted.size(), report)))
            .compose(gen -> {
              Row g = gen.iterator().next();
              long generationId = g.getLong("id");
              OffsetDateTime at = g.getOffsetDateTime("imported_at");
              return changedCells(conn, encoded).compose(changed -> {
                String[] codes = changed.stream().map(e -> e.cell().code()).toArray(String[]::new);
                return conn.preparedQuery(Sql.get("grid/retire-cells")).execute(Tuple.of(codes, generationId))
                    .compose(v -> insertAll(conn, changed, generationId))
                    .compose(v -> conn.preparedQuery(Sql.get("grid/update-generation-count"))
                        .execute(Tuple.of(generationId, changed.size())))
                    .map(v -> new ImportResult(generationId, at, changed.size(), encoded.size() - changed.size()))
                    .compose(result -> alsoInTransaction.apply(conn, result).map(result));
              });
            })));
  }

  private record Encoded(GridCell cell, byte[] wkb, Envelope envelope, double areaSquareMetres) {}

  private static List<Encoded> encode(List<GridCell> cells) {
    WKBWriter writer = new WKBWriter(2, false);
    List<Encoded> out = new ArrayList<>(cells.size());
    for (GridCell c : cells) {
      out.add(new Encoded(c, writer.write(c.geometry()), c.geometry().getEnvelopeInternal(),
          GeoMath.areaSquareMetres(c.geometry())));
    }
    return out;
  }

  private Future<List<Encoded>> changedCells(SqlConnection conn, List<Encoded> encoded) {
    String[] codes = encoded.stream().map(e -> e.cell().code()).toArray(String[]::new);
    return conn.preparedQuery(Sql.get("grid/select-current-for-codes")).execute(Tuple.of(codes))
        .map(rows -> {
          Map<String, Row> current = new HashMap<>();
          rows.forEach(r -> current.put(r.getString("code"), r));
          List<Encoded> changed = new ArrayList<>();
          for (Encoded e : encoded) {
            Row old = current.get(e.cell().code());
            boolean same = old != null
                && old.getString("name").equals(e.cell().name())
                && Objects.equals(old.getString("parent_code"), e.cell().parentCode())
                && Arrays.equals(old.getBuffer("geom_wkb").getBytes(), e.wkb());
            if (!same) {
              changed.add(e);
            }
          }
          return changed;
        });
  }

  private Future<Void> insertAll(SqlConnection conn, List<Encoded> cells, long generationId) {
    Future<Void> chain = Future.succeededFuture();
    for (int from = 0; from < cells.size(); from += BATCH) {
      List<Tuple> batch = new ArrayList<>();
      for (Encoded e : cells.subList(from, Math.min(cells.size(), from + BATCH))) {
        GridCell c = e.cell();
        Envelope env = e.envelope();
        batch.add(Tuple.tuple(List.of(c.code(), (short) c.level(), c.name()))
            .addValue(c.parentCode())
            .addValue(Buffer.buffer(e.wkb()))
            .addValue(env.getMinX()).addValue(env.getMinY()).addValue(env.getMaxX()).addValue(env.getMaxY())
            .addValue(e.areaSquareMetres())
            .addValue(generationId));
      }
      chain = chain.compose(v -> conn.preparedQuery(Sql.get("grid/insert-cell")).executeBatch(batch).mapEmpty());
    }
    return chain;
  }

  /** Every stored version of a code, oldest first (empty when the code never existed). */
  public Future<List<CellVersion>> versions(String code) {
    return pool.preparedQuery(Sql.get("grid/select-cell-versions")).execute(Tuple.of(code))
        .compose(rows -> vertx.executeBlocking(() -> {
          WKBReader reader = new WKBReader(FACTORY);
          List<CellVersion> out = new ArrayList<>();
          for (Row r : rows) {
            GridCell cell = new GridCell(r.getString("code"), r.getInteger("level"), r.getString("name"),
                r.getString("parent_code"), reader.read(r.getBuffer("geom_wkb").getBytes()));
            out.add(new CellVersion(r.getLong("id"), cell, r.getOffsetDateTime("valid_from"),
                r.getOffsetDateTime("valid_to"), r.getLong("generation_id"), r.getLong("retired_generation_id")));
          }
          return out;
        }, false));
  }

  /** The latest generations, newest first, with counts of what their reports list. */
  public Future<List<JsonObject>> generations(int limit) {
    return pool.preparedQuery(Sql.get("grid/select-generations")).execute(Tuple.of(limit))
        .map(rows -> {
          List<JsonObject> out = new ArrayList<>();
          rows.forEach(r -> out.add(generationJson(r).put("summary", r.getJsonObject("summary"))));
          return out;
        });
  }

  /** One generation with its full import report, or {@code null}. */
  public Future<JsonObject> generation(long id) {
    return pool.preparedQuery(Sql.get("grid/select-generation")).execute(Tuple.of(id))
        .map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          Row r = rows.iterator().next();
          return generationJson(r).put("report", r.getJsonObject("report"));
        });
  }

  private static JsonObject generationJson(Row r) {
    return new JsonObject()
        .put("id", r.getLong("id"))
        .put("level", r.getInteger("level"))
        .put("source", r.getString("source"))
        .put("importedBy", r.getString("imported_by"))
        .put("importedAt", r.getOffsetDateTime("imported_at").toString())
        .put("cellsChanged", r.getInteger("cell_count"));
  }
}
