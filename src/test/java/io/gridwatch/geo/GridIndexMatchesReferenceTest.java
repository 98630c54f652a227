package io.gridwatch.geo;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.geo.model.GridCell;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.locationtech.jts.densify.Densifier;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

/**
 * {@link GridIndex} against {@link ReferenceLocator}, point for point, on seeded random Voronoi
 * tilings near Chengdu: random points, every vertex, every edge midpoint; a quantised tiling
 * (where edge midpoints lie exactly on the edges and some cells self-intersect); and a tiling with
 * holes punched in it, overlapping extra cells and densified edges.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GridIndexMatchesReferenceTest {
  private static final Envelope BOX = new Envelope(104.0, 104.2, 30.5, 30.7);

  private List<GridCell> voronoi;
  private List<GridCell> quantised;
  private List<GridCell> messy;

  @BeforeAll
  void grids() {
    voronoi = GeoFixtures.voronoi(400, 7, BOX);
    quantised = GeoFixtures.quantised(GeoFixtures.voronoi(300, 11, BOX), 1024);
    // Every 10th cell removed (gaps), 20 buffered copies under new codes (overlaps),
    // every 7th cell densified to ~5 m edges (refinement of dense tiles).
    messy = new ArrayList<>();
    List<GridCell> base = GeoFixtures.voronoi(250, 13, BOX);
    for (int i = 0; i < base.size(); i++) {
      GridCell c = base.get(i);
      if (i % 10 == 3) {
        continue;
      }
      Geometry g = i % 7 == 0 ? Densifier.densify(c.geometry(), 0.00005) : c.geometry();
      messy.add(new GridCell(c.code(), 3, c.name(), c.parentCode(), g));
      if (i % 12 == 5) {
        messy.add(new GridCell("4" + c.code().substring(1), 3, c.name(), c.parentCode(),
            c.geometry().buffer(0.002)));
      }
    }
  }

  Stream<Arguments> tunings() {
    return Stream.of(
        Arguments.of(Named.of("default tuning", GridIndex.Tuning.DEFAULT)),
        Arguments.of(Named.of("coarse tiles, deep refinement", new GridIndex.Tuning(0.05, 64, 4, 6, 4))),
        Arguments.of(Named.of("fine tiles, no refinement", new GridIndex.Tuning(12, 1 << 20, 1 << 20, 0, 2))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tunings")
  void twentyThousandRandomPointsOverAVoronoiTilingMatchTheReference(GridIndex.Tuning tuning) {
    assertSameAnswers(voronoi, tuning, GeoFixtures.randomPoints(20_000, 1, BOX));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tunings")
  void everyVertexAndEdgeMidpointOfAVoronoiTilingMatchesTheReference(GridIndex.Tuning tuning) {
    assertSameAnswers(voronoi, tuning, verticesAndMidpoints(voronoi).toArray(new double[0][]));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tunings")
  void aQuantisedTilingMatchesTheReferenceOnRandomPointsVerticesAndEdges(GridIndex.Tuning tuning) {
    List<double[]> points = verticesAndMidpoints(quantised);
    points.addAll(List.of(GeoFixtures.randomPoints(10_000, 2, BOX)));
    assertSameAnswers(quantised, tuning, points.toArray(new double[0][]));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tunings")
  void aTilingWithGapsOverlapsAndDenseEdgesMatchesTheReference(GridIndex.Tuning tuning) {
    List<double[]> points = verticesAndMidpoints(messy);
    points.addAll(List.of(GeoFixtures.randomPoints(20_000, 3, BOX)));
    assertSameAnswers(messy, tuning, points.toArray(new double[0][]));
  }

  @Test
  void aVertexGoesToTheLowestCodeAmongTheCellsSharingIt() {
    GridIndex index = GridIndex.build(quantised);
    Map<String, Integer> lowestOwner = new HashMap<>();
    for (int i = 0; i < index.size(); i++) {
      for (Coordinate c : index.cell(i).geometry().getCoordinates()) {
        lowestOwner.merge(key(c.x, c.y), i, Math::min);
      }
    }
    int shared = 0;
    for (int i = 0; i < index.size(); i++) {
      for (Coordinate c : index.cell(i).geometry().getCoordinates()) {
        int found = index.locate(c.x, c.y);
        assertThat(found).as("vertex %s %s of cell %s", c.x, c.y, i).isBetween(0, lowestOwner.get(key(c.x, c.y)));
        if (found < i) {
          shared++;
        }
      }
    }
    assertThat(shared).as("vertices won by a lower-coded neighbour").isGreaterThan(100);
  }

  @Test
  void anEdgeMidpointOfAQuantisedTilingIsCoveredByBothNeighbours() {
    GridIndex index = GridIndex.build(quantised);
    int onSharedEdges = 0;
    for (int i = 0; i < index.size(); i++) {
      Coordinate[] cs = index.cell(i).geometry().getCoordinates();
      for (int k = 0; k + 1 < cs.length; k++) {
        double mx = (cs[k].x + cs[k + 1].x) / 2, my = (cs[k].y + cs[k + 1].y) / 2;
        assertThat(index.covers(i, mx, my)).as("midpoint of its own edge").isTrue();
        assertThat(index.locate(mx, my)).isBetween(0, i);
        if (index.coverCount(mx, my) >= 2) {
          onSharedEdges++;
        }
      }
    }
    assertThat(onSharedEdges).isGreaterThan(500);
  }

  private static String key(double x, double y) {
    return x + " " + y;
  }

  private static List<double[]> verticesAndMidpoints(List<GridCell> cells) {
    List<double[]> out = new ArrayList<>();
    for (GridCell c : cells) {
      Coordinate[] cs = c.geometry().getCoordinates();
      for (int k = 0; k < cs.length; k++) {
        out.add(new double[] {cs[k].x, cs[k].y});
        if (k + 1 < cs.length) {
          out.add(new double[] {(cs[k].x + cs[k + 1].x) / 2, (cs[k].y + cs[k + 1].y) / 2});
        }
      }
    }
    return out;
  }

  private static void assertSameAnswers(List<GridCell> cells, GridIndex.Tuning tuning, double[][] points) {
    ReferenceLocator reference = new ReferenceLocator(cells);
    GridIndex index = GridIndex.build(cells, tuning);
    List<String> mismatches = new ArrayList<>();
    int covered = 0;
    for (double[] p : points) {
      int expected = reference.locate(p[0], p[1]);
      int actual = index.locate(p[0], p[1]);
      if (expected >= 0) {
        covered++;
      }
      if (expected != actual && mismatches.size() < 10) {
        mismatches.add(String.format("(%s, %s): reference %s, index %s", p[0], p[1],
            expected < 0 ? "none" : cells.isEmpty() ? "?" : reference.cell(expected).code(),
            actual < 0 ? "none" : index.cell(actual).code()));
      }
    }
    assertThat(mismatches).as("points where the index disagrees with the reference").isEmpty();
    assertThat(covered).as("covered points").isGreaterThan(points.length / 2);
  }
}
