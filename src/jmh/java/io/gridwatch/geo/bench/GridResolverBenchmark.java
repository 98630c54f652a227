package io.gridwatch.geo.bench;

import io.gridwatch.geo.model.GridCell;
import io.gridwatch.geo.GridResolver;
import io.gridwatch.geo.Resolution;
import java.util.List;
import java.util.Optional;
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
 * The whole {@link GridResolver#resolve} (locate, overlap count, 30 m edge-distance check,
 * snapping for points in no cell) on the Chengdu level-3 grid, same query points as
 * {@link GridIndexBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "-Xms3g"})
public class GridResolverBenchmark {
  @Param(BenchState.DEFAULT_DEMO_GRID)
  public String demoGrid;

  private GridResolver resolver;
  private double[] xs;
  private double[] ys;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    List<GridCell> cells = BenchState.chengdu(demoGrid);
    resolver = GridResolver.build(cells);
    double[][] points = BenchGrids.queryPoints(cells, BenchState.POINTS, BenchState.SEED);
    xs = new double[points.length];
    ys = new double[points.length];
    for (int i = 0; i < points.length; i++) {
      xs[i] = points[i][0];
      ys[i] = points[i][1];
    }
  }

  @Benchmark
  public Optional<Resolution> resolve() {
    int i = next++ & (BenchState.POINTS - 1);
    return resolver.resolve(xs[i], ys[i]);
  }
}
