package io.gridwatch.geo.bench;

import io.gridwatch.geo.CellLocator;
import io.gridwatch.geo.model.GridCell;
import io.gridwatch.geo.GridIndex;
import java.nio.file.Path;
import java.util.List;

/**
 * Prints, for each benchmark grid, the GridIndex build time, the bytes of its arrays, the heap it
 * retains (measured: used heap after GC with and without the index), its shape, and a check that
 * it answers exactly like the JTS baseline on the benchmark's query points.
 *
 * <p>Run: {@code mvn -o -Pbench test-compile exec:exec -Dexec.mainClass=io.gridwatch.geo.bench.GridIndexReport}
 * (see docs/performance.md). System properties: {@code gw.bench.grid} (demo level-3 file),
 * {@code gw.bench.districts}, {@code gw.bench.cells} (size of the generated box grid).
 */
public final class GridIndexReport {
  private GridIndexReport() {}

  public static void main(String[] args) throws Exception {
    report("chengdu-level3", BenchState.chengdu());
    report("voronoi-" + BenchState.boxCells(), BenchState.box());
  }

  private static void report(String name, List<GridCell> cells) {
    System.out.println("== " + name + ": " + BenchGrids.describe(cells));
    // build twice: the first warms up the JIT and JTS classes
    GridIndex.build(cells);
    long before = usedHeapAfterGc();
    GridIndex index = GridIndex.build(cells);
    long after = usedHeapAfterGc();
    GridIndex.Stats s = index.stats();
    System.out.printf("build %.0f ms; arrays %.1f MB; retained heap (GC delta) %.1f MB%n",
        s.buildNanos() / 1e6, s.memoryBytes() / 1e6, (after - before) / 1e6);
    System.out.printf("top raster %d x %d; rasters %d; tiles %d; leaves %d; candidates %d; "
            + "runs %d; edge refs %d (%.1f per leaf); vertices %d%n",
        s.topColumns(), s.topRows(), s.rasters(), s.tiles(), s.leaves(), s.candidates(), s.runs(),
        s.edgeRefs(), (double) s.edgeRefs() / Math.max(1, s.leaves()), s.vertices());
    long jtsBefore = usedHeapAfterGc();
    long t0 = System.nanoTime();
    CellLocator jts = new JtsStrTreeLocator(cells);
    long jtsNanos = System.nanoTime() - t0;
    long jtsAfter = usedHeapAfterGc();
    System.out.printf("JTS baseline (STRtree + IndexedPointInAreaLocator) build %.0f ms; "
        + "retained heap (GC delta) %.1f MB%n", jtsNanos / 1e6, (jtsAfter - jtsBefore) / 1e6);
    double[][] points = BenchGrids.queryPoints(cells, BenchState.POINTS, BenchState.SEED);
    int covered = 0, mismatches = 0;
    for (double[] p : points) {
      int a = index.locate(p[0], p[1]);
      if (a >= 0) {
        covered++;
      }
      if (a != jts.locate(p[0], p[1])) {
        mismatches++;
      }
    }
    System.out.printf("query points %d: %d covered, %d answered differently from JTS%n",
        points.length, covered, mismatches);
    if (index.size() < 0) {
      System.out.println(index); // keep the index reachable until after the measurement
    }
  }

  private static long usedHeapAfterGc() {
    Runtime rt = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      used = Math.min(used, rt.totalMemory() - rt.freeMemory());
    }
    return used;
  }

  static Path path(String property, String fallback) {
    return Path.of(System.getProperty(property, fallback));
  }
}
