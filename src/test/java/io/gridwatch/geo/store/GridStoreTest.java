package io.gridwatch.geo.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.gridwatch.geo.model.GridCell;
import io.gridwatch.testing.NeedsDatabase;
import io.gridwatch.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Polygon;

/** Storing an import is all or nothing, and unchanged cells are not written again. */
@NeedsDatabase
class GridStoreTest {
  private static TestServer server;
  private static GridStore store;

  @BeforeAll
  static void start() {
    server = TestServer.start(false);
    store = new GridStore(server.app().vertx(), server.app().pool());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Polygon square(double x, double y) {
    return GridStore.FACTORY.createPolygon(new Coordinate[] {
        new Coordinate(x, y), new Coordinate(x + 0.01, y), new Coordinate(x + 0.01, y + 0.01),
        new Coordinate(x, y + 0.01), new Coordinate(x, y)});
  }

  private static long generations() {
    return server.app().pool().query("SELECT count(*) FROM grid_generation").execute().await()
        .iterator().next().getLong(0);
  }

  @Test
  void an_import_that_fails_half_way_leaves_nothing_behind() {
    List<GridCell> cells = new ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      cells.add(new GridCell(String.format("%06d", 100000 + i), 1, "cell " + i, null, square(100 + i * 0.01, 30)));
    }
    // The 1,100th cell breaks a database rule (a code of 7 digits), after two batches went in.
    cells.set(1100, new GridCell("1234567", 1, "bad", null, square(50, 30)));
    long generationsBefore = generations();
    long cellsBefore = store.countCurrent().await();
    Throwable failure = catchThrowable(() -> store.saveImport(1, "test", "test", cells, new JsonObject()).await());
    assertThat(failure).isNotNull();
    assertThat(store.countCurrent().await()).isEqualTo(cellsBefore);
    assertThat(generations()).isEqualTo(generationsBefore);
  }

  @Test
  void importing_the_same_cells_again_writes_nothing_new_but_a_changed_one_gets_a_new_version() {
    List<GridCell> cells = List.of(
        new GridCell("610101", 1, "甲区", null, square(108.90, 34.20)),
        new GridCell("610102", 1, "乙区", null, square(108.91, 34.20)));
    GridStore.ImportResult first = store.saveImport(1, "test", "test", cells, new JsonObject()).await();
    assertThat(first.inserted()).isEqualTo(2);
    GridStore.ImportResult again = store.saveImport(1, "test", "test", cells, new JsonObject()).await();
    assertThat(again.inserted()).isZero();
    assertThat(again.unchanged()).isEqualTo(2);
    GridStore.ImportResult renamed = store.saveImport(1, "test", "test",
        List.of(new GridCell("610101", 1, "甲区（新）", null, square(108.90, 34.20))), new JsonObject()).await();
    assertThat(renamed.inserted()).isEqualTo(1);
    List<GridStore.CellVersion> versions = store.versions("610101").await();
    assertThat(versions).hasSize(2);
    assertThat(versions.get(0).validTo()).isNotNull();
    assertThat(versions.get(0).retiredGenerationId()).isEqualTo(renamed.generationId());
    assertThat(versions.get(1).validTo()).isNull();
    assertThat(versions.get(1).cell().name()).isEqualTo("甲区（新）");
  }
}
