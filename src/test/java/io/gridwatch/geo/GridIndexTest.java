package io.gridwatch.geo;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.geo.model.GridCell;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.densify.Densifier;
import org.locationtech.jts.geom.Envelope;

class GridIndexTest {
  private static final Envelope BOX = new Envelope(104.0, 104.2, 30.5, 30.7);

  @Test
  void orientationIsExactForNearlyCollinearPointsOfACity() {
    Random r = new Random(5);
    int decidedByExactPath = 0;
    for (int i = 0; i < 200_000; i++) {
      double ax = 104 + r.nextDouble() * 0.5, ay = 30.5 + r.nextDouble() * 0.5;
      double bx = 104 + r.nextDouble() * 0.5, by = 30.5 + r.nextDouble() * 0.5;
      double cx, cy;
      if (i % 3 == 0) {
        // lattice points: the midpoint is exactly on the segment, then maybe one ulp off it
        double q = 1.0 / (1 << 20);
        ax = 104 + r.nextInt(1 << 19) * q;
        ay = 30.5 + r.nextInt(1 << 19) * q;
        bx = 104 + r.nextInt(1 << 19) * q;
        by = 30.5 + r.nextInt(1 << 19) * q;
        cx = (ax + bx) / 2 + (r.nextInt(3) - 1) * Math.ulp(104.0);
        cy = (ay + by) / 2;
      } else {
        // a point on the segment, rounded to doubles, then nudged by a few ulps
        double t = r.nextDouble();
        cx = ax + t * (bx - ax) + (r.nextInt(5) - 2) * Math.ulp(104.0);
        cy = ay + t * (by - ay) + (r.nextInt(5) - 2) * Math.ulp(30.0);
      }
      int expected = exactSign(ax, ay, bx, by, cx, cy);
      assertThat(GridIndex.orient(ax, ay, bx, by, cx, cy)).isEqualTo(expected);
      assertThat(GridIndex.orientExact(ax, ay, bx, by, cx, cy)).isEqualTo(expected);
      if (expected == 0) {
        decidedByExactPath++;
      }
    }
    assertThat(decidedByExactPath).as("exactly collinear cases met").isGreaterThan(0);
  }

  @Test
  void orientationFollowsTheJtsConvention() {
    assertThat(GridIndex.orient(0, 0, 1, 0, 0.5, 1)).isEqualTo(1);
    assertThat(GridIndex.orient(0, 0, 1, 0, 0.5, -1)).isEqualTo(-1);
    assertThat(GridIndex.orient(0, 0, 1, 0, 7, 0)).isZero();
    assertThat(GridIndex.orient(0.1, 0.1, 0.3, 0.3, 0.2, 0.2))
        .isEqualTo(org.locationtech.jts.algorithm.Orientation.index(
            new org.locationtech.jts.geom.Coordinate(0.1, 0.1),
            new org.locationtech.jts.geom.Coordinate(0.3, 0.3),
            new org.locationtech.jts.geom.Coordinate(0.2, 0.2)));
  }

  @Test
  void lookupsAllocateNothing() {
    GridIndex index = GridIndex.build(GeoFixtures.voronoi(300, 3, BOX));
    double[][] points = GeoFixtures.randomPoints(10_000, 9, BOX);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (int round = 0; round < 3; round++) { // warm up (and let the JIT compile)
      sum += run(index, points);
    }
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int round = 0; round < 20; round++) {
      sum += run(index, points);
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertThat(sum).isPositive();
    assertThat(allocated).as("bytes allocated by 600,000 lookups").isLessThan(1024);
  }

  private static long run(GridIndex index, double[][] points) {
    long sum = 0;
    for (double[] p : points) {
      sum += index.locate(p[0], p[1]) + index.coverCount(p[0], p[1]);
      if (index.covers(3, p[0], p[1])) {
        sum++;
      }
    }
    return sum;
  }

  @Test
  void denseEdgesAreRefinedIntoSubRasters() {
    List<GridCell> cells = GeoFixtures.voronoi(50, 4, BOX).stream()
        .map(c -> new GridCell(c.code(), 3, c.name(), c.parentCode(),
            Densifier.densify(c.geometry(), 0.00002)))
        .toList();
    GridIndex.Stats stats = GridIndex.build(cells).stats();
    assertThat(stats.vertices()).isGreaterThan(50_000);
    assertThat(stats.rasters()).isGreaterThan(10);
    assertThat((double) stats.edgeRefs() / stats.leaves()).as("edges per leaf")
        .isLessThan(3.0 * GridIndex.Tuning.DEFAULT.leafEdgeLimit());
  }

  @Test
  void statsReportTheArraysAndTheBuildTime() {
    GridIndex index = GridIndex.build(GeoFixtures.voronoi(200, 8, BOX));
    GridIndex.Stats s = index.stats();
    assertThat(s.cells()).isEqualTo(200);
    assertThat(s.tiles()).isGreaterThanOrEqualTo((long) s.topColumns() * s.topRows());
    assertThat(s.leaves()).isPositive();
    // at least the vertex copy (16 bytes a vertex) and the top raster (4 bytes a tile)
    assertThat(index.memoryBytes()).isGreaterThan(16L * s.vertices() + 4L * s.topColumns() * s.topRows());
    assertThat(index.buildNanos()).isPositive();
  }

  @Test
  void coverCountSeesBothNeighboursOnASharedEdgeAndOneInside() {
    GridIndex index = GridIndex.build(GeoFixtures.load("squares-3x3.wkt").cells());
    assertThat(index.coverCount(1, 0.5)).isEqualTo(2);
    assertThat(index.coverCount(1, 1)).isEqualTo(4);
    assertThat(index.coverCount(0.5, 0.5)).isEqualTo(1);
    assertThat(index.coverCount(5, 5)).isZero();
    assertThat(index.covers(1, 1, 0.5)).isTrue(); // "12" covers its left edge
    assertThat(index.covers(1, 0.5, 0.5)).isFalse();
  }

  private static int exactSign(double ax, double ay, double bx, double by, double cx, double cy) {
    BigDecimal acx = new BigDecimal(ax).subtract(new BigDecimal(cx));
    BigDecimal bcy = new BigDecimal(by).subtract(new BigDecimal(cy));
    BigDecimal acy = new BigDecimal(ay).subtract(new BigDecimal(cy));
    BigDecimal bcx = new BigDecimal(bx).subtract(new BigDecimal(cx));
    return acx.multiply(bcy).subtract(acy.multiply(bcx)).signum();
  }
}
