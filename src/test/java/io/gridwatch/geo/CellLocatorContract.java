package io.gridwatch.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridwatch.geo.model.GridCell;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract of {@link CellLocator}, run against every implementation with the same WKT
 * fixtures (src/test/resources/geo/*.wkt): boundary covered, lowest code wins, holes, multipolygons,
 * overlaps, gaps, concave shapes.
 */
abstract class CellLocatorContract {

  /** The implementation under test, built over the cells. */
  abstract CellLocator locator(List<GridCell> cells);

  static Stream<Arguments> fixturePoints() {
    List<Arguments> out = new ArrayList<>();
    for (String name : GeoFixtures.FIXTURES) {
      GeoFixtures.Fixture f = GeoFixtures.load(name);
      for (GeoFixtures.Expectation e : f.expectations()) {
        String label = name.replace(".wkt", "") + ": " + e.scenario() + " (" + e.lon() + " "
            + e.lat() + " -> " + (e.code() == null ? "none" : e.code()) + ")";
        out.add(Arguments.of(Named.of(label, f), e));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixturePoints")
  void fixturePointResolvesToTheExpectedCell(GeoFixtures.Fixture fixture, GeoFixtures.Expectation e) {
    CellLocator locator = locator(fixture.cells());
    int index = locator.locate(e.lon(), e.lat());
    String code = index < 0 ? null : locator.cell(index).code();
    assertThat(code).as(e.scenario()).isEqualTo(e.code());
  }

  @Test
  void everyFixtureHasCellsAndExpectations() {
    for (String name : GeoFixtures.FIXTURES) {
      GeoFixtures.Fixture f = GeoFixtures.load(name);
      assertThat(f.cells()).as(name).isNotEmpty();
      assertThat(f.expectations()).as(name).isNotEmpty();
      assertThat(f.expectations()).as(name + " expects both hits and misses")
          .anyMatch(e -> e.code() != null);
    }
  }

  @Test
  void cellsAreListedByCodeWhateverTheInputOrder() {
    List<GridCell> cells = new ArrayList<>(GeoFixtures.load("squares-3x3.wkt").cells());
    Collections.reverse(cells);
    CellLocator locator = locator(cells);
    assertThat(locator.size()).isEqualTo(9);
    for (int i = 1; i < locator.size(); i++) {
      assertThat(locator.cell(i - 1).code()).isLessThan(locator.cell(i).code());
    }
    assertThat(locator.cell(locator.locate(2.5, 2.5)).code()).isEqualTo("33");
  }

  @Test
  void theTieRuleFollowsCodesNotInputOrder() {
    List<GridCell> cells = new ArrayList<>(GeoFixtures.load("overlaps.wkt").cells());
    Collections.reverse(cells);
    CellLocator locator = locator(cells);
    assertThat(locator.cell(locator.locate(1.25, 1.25)).code()).isEqualTo("10");
  }

  @Test
  void duplicateCodesAreRejected() {
    GridCell a = GeoFixtures.load("squares-3x3.wkt").cells().get(0);
    assertThatThrownBy(() -> locator(List.of(a, a)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(a.code());
  }

  @Test
  void nonFiniteCoordinatesAreCoveredByNothing() {
    CellLocator locator = locator(GeoFixtures.load("squares-3x3.wkt").cells());
    assertThat(locator.locate(Double.NaN, 0.5)).isEqualTo(-1);
    assertThat(locator.locate(0.5, Double.POSITIVE_INFINITY)).isEqualTo(-1);
  }

  @Test
  void anEmptyGridCoversNothing() {
    CellLocator locator = locator(List.of());
    assertThat(locator.size()).isZero();
    assertThat(locator.locate(0, 0)).isEqualTo(-1);
  }

  @Test
  void aCellWithAnEmptyGeometryCoversNothingButKeepsItsIndex() {
    List<GridCell> cells = new ArrayList<>(GeoFixtures.load("squares-3x3.wkt").cells());
    cells.add(new GridCell("00", 3, "empty", null, GeoFixtures.FACTORY.createPolygon()));
    CellLocator locator = locator(cells);
    assertThat(locator.cell(0).code()).isEqualTo("00");
    assertThat(locator.cell(locator.locate(0.5, 0.5)).code()).isEqualTo("11");
  }
}
