package io.gridwatch.geo.bench;

import io.gridwatch.geo.model.GridCell;
import io.gridwatch.geo.GridIndex;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Point → level-3 cell: {@link GridIndex#locate} against the JTS baseline (STRtree of envelopes
 * → IndexedPointInAreaLocator, lowest covering code), one lookup per invocation, cycling through
 * 65,536 seeded query points (half uniform over the bounding box, half over random cells).
 *
 * <p>{@code tilesPerCellWidth} (default 3, as {@link GridIndex.Tuning#DEFAULT}) trades memory for
 * speed on large grids.
 *
 * <p>{@code grid}: {@code chengdu-level3} (the demo file {@code demoGrid} if it exists, else the
 * generated stand-in, see {@link BenchGrids}) or {@code voronoi-100000}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "-Xms3g"})
public class GridIndexBenchmark {
  @Param({"chengdu-level3", "voronoi-100000"})
  public String grid;

  /** Path of the demo level-3 GeoJSON grid, relative to the project directory. */
  @Param(BenchState.DEFAULT_DEMO_GRID)
  public String demoGrid;

  /** {@link GridIndex.Tuning#tilesPerCellWidth()}: the speed/memory trade-off. */
  @Param("8")
  public double tilesPerCellWidth;

  private GridIndex index;
  private JtsStrTreeLocator jts;
  private double[] xs;
  private double[] ys;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    List<GridCell> cells = grid.equals("chengdu-level3") ? BenchState.chengdu(demoGrid) : BenchState.box();
    System.out.println();
    System.out.println("grid " + grid + ": " + BenchGrids.describe(cells));
    GridIndex.Tuning d = GridIndex.Tuning.DEFAULT;
    index = GridIndex.build(cells, new GridIndex.Tuning(tilesPerCellWidth, d.maxTopTiles(),
        d.leafEdgeLimit(), d.maxDepth(), d.maxSplit()));
    GridIndex.Stats s = index.stats();
    System.out.printf("GridIndex build %.0f ms, arrays %.1f MB, %d leaves, %.1f edges per leaf%n",
        s.buildNanos() / 1e6, s.memoryBytes() / 1e6, s.leaves(),
        (double) s.edgeRefs() / Math.max(1, s.leaves()));
    jts = new JtsStrTreeLocator(cells);
    double[][] points = BenchGrids.queryPoints(cells, BenchState.POINTS, BenchState.SEED);
    xs = new double[points.length];
    ys = new double[points.length];
    for (int i = 0; i < points.length; i++) {
      xs[i] = points[i][0];
      ys[i] = points[i][1];
      if (index.locate(xs[i], ys[i]) != jts.locate(xs[i], ys[i])) {
        throw new IllegalStateException("GridIndex and JTS disagree at " + xs[i] + " " + ys[i]);
      }
    }
  }

  @Benchmark
  public int gridIndex() {
    int i = next++ & (BenchState.POINTS - 1);
    return index.locate(xs[i], ys[i]);
  }

  @Benchmark
  public int jtsStrTree() {
    int i = next++ & (BenchState.POINTS - 1);
    return jts.locate(xs[i], ys[i]);
  }
}
