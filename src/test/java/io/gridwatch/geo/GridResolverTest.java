package io.gridwatch.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gridwatch.geo.model.GeoMath;
import io.gridwatch.geo.model.GridCell;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;

/**
 * The resolver's rules on a small hierarchy near Chengdu (at latitude 30.6, 0.001° of longitude
 * is 95.8 m and 0.001° of latitude 111.2 m):
 *
 * <pre>
 * level 1   510104 [104.00,104.04] x [30.60,30.62]      510105 [104.04,104.08] x [30.60,30.62] (no children)
 * level 2   510104001 [104.00,104.02] x [30.60,30.62]   510104002 [104.02,104.04] x [30.60,30.62]
 * level 3   510104001001 [104.00,104.01] x [30.60,30.62]
 *           510104001002 [104.01,104.02] x [30.60,30.61]   (gap above it: [104.01,104.02] x [30.61,30.62])
 *           510104002001 [104.02,104.04] x [30.60,30.62]
 *           510104002002 [104.035,104.045] x [30.60,30.61] (overlaps 002001 and pokes into 510105)
 * </pre>
 */
class GridResolverTest {
  private static final double LON_M = GeoMath.metresPerDegreeLon(30.61);
  private static final double LAT_M = GeoMath.METRES_PER_DEGREE;

  private final GridResolver resolver = GridResolver.build(List.of(
      box("510104", 1, null, 104.00, 30.60, 104.04, 30.62),
      box("510105", 1, null, 104.04, 30.60, 104.08, 30.62),
      box("510104001", 2, "510104", 104.00, 30.60, 104.02, 30.62),
      box("510104002", 2, "510104", 104.02, 30.60, 104.04, 30.62),
      box("510104001001", 3, "510104001", 104.00, 30.60, 104.01, 30.62),
      box("510104001002", 3, "510104001", 104.01, 30.60, 104.02, 30.61),
      box("510104002001", 3, "510104002", 104.02, 30.60, 104.04, 30.62),
      box("510104002002", 3, "510104002", 104.035, 30.60, 104.045, 30.61)));

  @Test
  void aPointResolvesToTheDeepestCellWithItsAncestors() {
    Resolution r = resolver.resolve(104.005, 30.61).orElseThrow();
    assertThat(codes(r)).containsExactly("510104001001", "510104001", "510104");
    assertThat(r.boundary()).isFalse();
    assertThat(r.snapped()).isFalse();
    assertThat(r.distanceMeters()).isZero();
    assertThat(r.deepest().code()).isEqualTo("510104001001");
  }

  @Test
  void aPointTwentyMetresFromAnEdgeIsFlaggedBoundary() {
    Resolution r = resolver.resolve(104.01 - 20 / LON_M, 30.605).orElseThrow();
    assertThat(codes(r).get(0)).isEqualTo("510104001001");
    assertThat(r.boundary()).isTrue();
    assertThat(r.snapped()).isFalse();
  }

  @Test
  void aPointFortyMetresFromEveryEdgeIsNotBoundary() {
    Resolution r = resolver.resolve(104.01 - 40 / LON_M, 30.605).orElseThrow();
    assertThat(codes(r).get(0)).isEqualTo("510104001001");
    assertThat(r.boundary()).isFalse();
  }

  @Test
  void aPointOnASharedEdgeGoesToTheLowerCodeAndIsBoundary() {
    Resolution r = resolver.resolve(104.01, 30.605).orElseThrow();
    assertThat(codes(r).get(0)).isEqualTo("510104001001");
    assertThat(r.boundary()).isTrue();
  }

  @Test
  void aPointInAnOverlapGoesToTheLowerCodeAndIsBoundaryFarFromAnyEdge() {
    // 240 m from the nearest edge of 510104002001, but 510104002002 covers it too
    Resolution r = resolver.resolve(104.0375, 30.605).orElseThrow();
    assertThat(codes(r)).containsExactly("510104002001", "510104002", "510104");
    assertThat(r.boundary()).isTrue();
    assertThat(r.snapped()).isFalse();
  }

  @Test
  void ancestorsComeFromParentCodesNotFromRelocating() {
    // inside 510105 geographically, but the village covering it belongs to 510104002
    Resolution r = resolver.resolve(104.0425, 30.605).orElseThrow();
    assertThat(codes(r)).containsExactly("510104002002", "510104002", "510104");
  }

  @Test
  void aPointInAGapBetweenSiblingsSnapsToTheNearestLeafWithTheDistance() {
    double lat = 30.61 + 55 / LAT_M; // 55 m above 510104001002, 480 m from the other villages
    Resolution r = resolver.resolve(104.015, lat).orElseThrow();
    assertThat(codes(r)).containsExactly("510104001002", "510104001", "510104");
    assertThat(r.snapped()).isTrue();
    assertThat(r.distanceMeters()).isCloseTo(55, within(0.5));
    assertThat(r.boundary()).isFalse();
  }

  @Test
  void aSnappedPointWithinTheBoundaryBandIsFlaggedBoundary() {
    Resolution r = resolver.resolve(104.015, 30.61 + 20 / LAT_M).orElseThrow();
    assertThat(r.snapped()).isTrue();
    assertThat(r.distanceMeters()).isCloseTo(20, within(0.5));
    assertThat(r.boundary()).isTrue();
  }

  @Test
  void aGapPointFartherThanTheSnapDistanceFallsBackToTheShallowerCoveringCell() {
    // centre of the gap: 479 m and more from every village
    Resolution r = resolver.resolve(104.015, 30.615).orElseThrow();
    assertThat(codes(r)).containsExactly("510104001", "510104");
    assertThat(r.snapped()).isFalse();
    assertThat(r.distanceMeters()).isZero();
    assertThat(r.boundary()).isFalse();
  }

  @Test
  void aPointOutsideEveryCellSnapsToALeafOfAShallowerLevel() {
    // 150 m east of 510105, a district without children
    Resolution r = resolver.resolve(104.08 + 150 / LON_M, 30.615).orElseThrow();
    assertThat(codes(r)).containsExactly("510105");
    assertThat(r.snapped()).isTrue();
    assertThat(r.distanceMeters()).isCloseTo(150, within(1.0));
  }

  @Test
  void aPointBeyondTheSnapDistanceOfEveryCellIsOutsideCoverage() {
    assertThat(resolver.resolve(104.08 + 250 / LON_M, 30.615)).isEmpty();
    assertThat(resolver.resolve(104.10, 30.70)).isEmpty();
  }

  @Test
  void aDistrictWithoutChildrenIsALeafAndResolvesDirectly() {
    Resolution r = resolver.resolve(104.06, 30.615).orElseThrow();
    assertThat(codes(r)).containsExactly("510105");
    assertThat(r.snapped()).isFalse();
    assertThat(r.boundary()).isFalse();
  }

  @Test
  void whereALowerCodedParentWithAGapOverlapsALeafThePointSnapsToTheLeafAtZeroDistance() {
    GridResolver r = GridResolver.build(List.of(
        box("520001", 1, null, 104.00, 30.60, 104.02, 30.62),
        box("520001001", 2, "520001", 104.00, 30.60, 104.02, 30.62),
        box("520001002", 2, "520001", 104.01, 30.60, 104.02, 30.62),
        box("520001001001", 3, "520001001", 104.00, 30.60, 104.01, 30.62)));
    // 520001001 (has a child, but not here) and the leaf 520001002 both cover the point
    Resolution res = r.resolve(104.015, 30.61).orElseThrow();
    assertThat(codes(res)).containsExactly("520001002", "520001");
    assertThat(res.snapped()).isTrue();
    assertThat(res.distanceMeters()).isZero();
  }

  @Test
  void anEmptyGridResolvesNothing() {
    GridResolver empty = GridResolver.build(List.of());
    assertThat(empty.resolve(104.0, 30.6)).isEmpty();
    assertThat(empty.size()).isZero();
    assertThat(empty.maxLevel()).isZero();
    assertThat(empty.cells(1, null)).isEmpty();
  }

  @Test
  void nonFiniteCoordinatesAreOutsideCoverage() {
    assertThat(resolver.resolve(Double.NaN, 30.61)).isEmpty();
    assertThat(resolver.resolve(104.01, Double.NEGATIVE_INFINITY)).isEmpty();
  }

  @Test
  void tighterSettingsChangeTheAnswers() {
    GridResolver strict = GridResolver.build(resolver.cells(null, null), new ResolverSettings(10, 50));
    // 20 m from an edge: no longer boundary with a 10 m band
    assertThat(strict.resolve(104.01 - 20 / LON_M, 30.605).orElseThrow().boundary()).isFalse();
    // 55 m into the gap: no longer snapped with 50 m, falls back to the township
    assertThat(codes(strict.resolve(104.015, 30.61 + 55 / LAT_M).orElseThrow()))
        .containsExactly("510104001", "510104");
  }

  @Test
  void cellsAreFilteredByLevelAndParentAndSortedByCode() {
    assertThat(resolver.size()).isEqualTo(8);
    assertThat(resolver.maxLevel()).isEqualTo(3);
    assertThat(resolver.cells(1, null)).extracting(GridCell::code).containsExactly("510104", "510105");
    assertThat(resolver.cells(null, "510104001")).extracting(GridCell::code)
        .containsExactly("510104001001", "510104001002");
    assertThat(resolver.cells(3, "510104002")).extracting(GridCell::code)
        .containsExactly("510104002001", "510104002002");
    assertThat(resolver.cells(2, "510105")).isEmpty();
    assertThat(resolver.cells(null, null)).hasSize(8);
    assertThat(resolver.children("510104")).extracting(GridCell::code)
        .containsExactly("510104001", "510104002");
    assertThat(resolver.cell("510104002")).map(GridCell::level).contains(2);
    assertThat(resolver.cell("999")).isEmpty();
    assertThat(resolver.index(3)).map(GridIndex::size).contains(4);
  }

  @Test
  void settingsDefaultTo30And200MetresAndRejectNegativeDistances() {
    assertThat(ResolverSettings.DEFAULTS.boundaryMeters()).isEqualTo(30);
    assertThat(ResolverSettings.DEFAULTS.snapMeters()).isEqualTo(200);
    assertThat(resolver.settings()).isEqualTo(ResolverSettings.DEFAULTS);
    assertThatThrownBy(() -> new ResolverSettings(-1, 200)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ResolverSettings(30, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void onAVoronoiGridEveryCoveredPointResolvesToTheReferenceCell() {
    List<GridCell> cells = GeoFixtures.voronoi(200, 21, new Envelope(104.0, 104.1, 30.6, 30.7));
    GridResolver r = GridResolver.build(cells);
    ReferenceLocator reference = new ReferenceLocator(cells);
    int resolved = 0;
    for (double[] p : GeoFixtures.randomPoints(2_000, 4, new Envelope(104.0, 104.1, 30.6, 30.7))) {
      int expected = reference.locate(p[0], p[1]);
      Optional<Resolution> got = r.resolve(p[0], p[1]);
      if (expected >= 0) {
        assertThat(got).map(x -> x.deepest().code()).contains(reference.cell(expected).code());
        resolved++;
      } else if (got.isPresent()) {
        assertThat(got.get().snapped()).isTrue();
        assertThat(got.get().distanceMeters()).isPositive().isLessThanOrEqualTo(200);
      }
    }
    assertThat(resolved).isGreaterThan(1_500);
  }

  private static List<String> codes(Resolution r) {
    return r.cells().stream().map(GridCell::code).toList();
  }

  private static GridCell box(String code, int level, String parent, double x0, double y0,
      double x1, double y1) {
    return new GridCell(code, level, "cell " + code, parent,
        GeoFixtures.FACTORY.toGeometry(new Envelope(x0, x1, y0, y1)));
  }
}
