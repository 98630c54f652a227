package io.gridwatch.geo.bench;

import io.gridwatch.geo.model.GridCell;
import java.nio.file.Path;
import java.util.List;

/** Grids shared by the benchmark and the report, loaded once per JVM. */
final class BenchState {
  /** Query points per grid (a power of two, cycled through by the benchmark). */
  static final int POINTS = 1 << 16;
  static final long SEED = 20240601L;
  static final String DEFAULT_DEMO_GRID = "geodata/chengdu/level3.geojson";
  static final String DEFAULT_DISTRICTS = "geodata/sources/chengdu-districts.geojson";

  private static List<GridCell> chengdu;
  private static List<GridCell> box;

  private BenchState() {}

  static synchronized List<GridCell> chengdu() {
    return chengdu(System.getProperty("gw.bench.grid", DEFAULT_DEMO_GRID));
  }

  static synchronized List<GridCell> chengdu(String demoGrid) {
    if (chengdu == null) {
      chengdu = BenchGrids.chengduLevel3(Path.of(demoGrid),
          Path.of(System.getProperty("gw.bench.districts", DEFAULT_DISTRICTS)),
          Path.of(System.getProperty("gw.bench.cache", "target/bench")));
    }
    return chengdu;
  }

  static int boxCells() {
    return Integer.getInteger("gw.bench.cells", 100_000);
  }

  static synchronized List<GridCell> box() {
    if (box == null) {
      long t0 = System.nanoTime();
      box = BenchGrids.voronoiBox(boxCells(), SEED);
      System.out.printf("grid: generated Voronoi box grid, %d cells in %.1f s%n", box.size(),
          (System.nanoTime() - t0) / 1e9);
    }
    return box;
  }
}
