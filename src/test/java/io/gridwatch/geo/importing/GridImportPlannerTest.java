package io.gridwatch.geo.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gridwatch.geo.model.GeoMath;
import io.gridwatch.geo.model.GridCell;
import io.gridwatch.geo.importing.ImportPlan.Gap;
import io.gridwatch.geo.importing.ImportPlan.Overlap;
import io.gridwatch.geo.importing.ImportPlan.Rejection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.AffineTransformation;

class GridImportPlannerTest {
  private static final GeometryFactory GF = new GeometryFactory();
  private final GridImportPlanner planner = new GridImportPlanner();

  /** Axis-aligned box in degrees. */
  static Polygon box(double x0, double y0, double x1, double y1) {
    return GF.createPolygon(new Coordinate[] {
      new Coordinate(x0, y0), new Coordinate(x1, y0), new Coordinate(x1, y1),
      new Coordinate(x0, y1), new Coordinate(x0, y0)});
  }

  /** The same box's area from the spherical formula, independent of GeoMath. */
  static double sphericalBoxArea(double x0, double y0, double x1, double y1) {
    double r = GeoMath.EARTH_RADIUS_M;
    return r * r * Math.toRadians(x1 - x0)
        * (Math.sin(Math.toRadians(y1)) - Math.sin(Math.toRadians(y0)));
  }

  static RawGridFeature raw(int index, String code, Geometry g) {
    return new RawGridFeature(index, code, "格" + code, RawGridFeature.derivedParentCode(code), g);
  }

  static Map<String, GridCell> parents(GridCell... cells) {
    Map<String, GridCell> m = new HashMap<>();
    for (GridCell c : cells) {
      m.put(c.code(), c);
    }
    return m;
  }

  private static final GridCell DISTRICT =
      new GridCell("510104", 1, "锦江区", null, box(104.00, 30.00, 104.02, 30.02));

  @Test
  void overlapsGapsAndOutsidePartsOfSiblingsAreMeasuredWithAreaAndLocation() {
    // West half and east half of the district, overlapping by a 0.002-degree strip; both stop
    // 0.004 degrees short of the district's northern edge; the east one pokes 0.001 out east.
    List<RawGridFeature> fs = List.of(
        raw(0, "510104001", box(104.000, 30.000, 104.011, 30.016)),
        raw(1, "510104002", box(104.009, 30.000, 104.021, 30.016)));
    ImportPlan plan = planner.plan(2, fs, parents(DISTRICT));

    assertThat(plan.rejected()).isEmpty();
    assertThat(plan.accepted()).extracting(GridCell::code).containsExactly("510104001", "510104002");
    assertThat(plan.accepted()).allSatisfy(c -> {
      assertThat(c.level()).isEqualTo(2);
      assertThat(c.parentCode()).isEqualTo("510104");
    });

    Overlap o = plan.overlaps().get(0);
    assertThat(plan.overlaps()).hasSize(1);
    assertThat(o.codes()).containsExactly("510104001", "510104002");
    double strip = sphericalBoxArea(104.009, 30.000, 104.011, 30.016);
    assertThat(o.areaSquareMetres()).isCloseTo(strip, within(strip * 0.005));
    assertThat(o.location().lon()).isBetween(104.009, 104.011);
    assertThat(o.location().lat()).isBetween(30.000, 30.016);

    Gap gap = plan.gaps().get(0);
    assertThat(plan.gaps()).hasSize(1);
    assertThat(gap.parentCode()).isEqualTo("510104");
    double north = sphericalBoxArea(104.000, 30.016, 104.020, 30.020);
    assertThat(gap.areaSquareMetres()).isCloseTo(north, within(north * 0.005));
    assertThat(gap.location().lat()).isBetween(30.016, 30.020);

    assertThat(plan.outsideParent()).singleElement().satisfies(out -> {
      assertThat(out.code()).isEqualTo("510104002");
      double east = sphericalBoxArea(104.020, 30.000, 104.021, 30.016);
      assertThat(out.areaSquareMetres()).isCloseTo(east, within(east * 0.005));
      assertThat(out.location().lon()).isBetween(104.020, 104.021);
    });
  }

  @Test
  void childrenThatTileTheirParentShowNoOverlapNoGap() {
    List<RawGridFeature> fs = List.of(
        raw(0, "510104001", box(104.00, 30.00, 104.01, 30.02)),
        raw(1, "510104002", box(104.01, 30.00, 104.02, 30.01)),
        raw(2, "510104003", box(104.01, 30.01, 104.02, 30.02)));
    ImportPlan plan = planner.plan(2, fs, parents(DISTRICT));
    assertThat(plan.accepted()).hasSize(3);
    assertThat(plan.overlaps()).isEmpty();
    assertThat(plan.gaps()).isEmpty();
    assertThat(plan.outsideParent()).isEmpty();
    assertThat(plan.repaired()).isEmpty();
  }

  @Test
  void badCodesDuplicatesAndOrphansAreRejectedWithAReasonNotThrown() {
    GridCell street = new GridCell("510104001", 2, "街道", "510104", box(104.00, 30.00, 104.01, 30.01));
    List<RawGridFeature> fs = List.of(
        raw(0, "51010400100", box(104.000, 30.000, 104.001, 30.001)),
        new RawGridFeature(1, "510104001002", "错", "510105001", box(104.001, 30.0, 104.002, 30.001)),
        raw(2, "510104001003", box(104.002, 30.000, 104.003, 30.001)),
        raw(3, "510104001003", box(104.003, 30.000, 104.004, 30.001)),
        raw(4, "510104009001", box(104.004, 30.000, 104.005, 30.001)),
        raw(5, "510104001004", box(104.005, 30.000, 104.006, 30.001)));
    ImportPlan plan = planner.plan(3, fs, parents(DISTRICT, street));

    assertThat(plan.accepted()).extracting(GridCell::code).containsExactly("510104001004");
    assertThat(plan.rejected()).extracting(Rejection::feature).containsExactly(0, 1, 2, 3, 4);
    assertThat(plan.rejected().get(0).reason()).contains("11 digits").contains("12");
    assertThat(plan.rejected().get(1).reason()).contains("does not start with its parent code 510105001");
    assertThat(plan.rejected().get(2).reason()).contains("appears 2 times").contains("2, 3");
    assertThat(plan.rejected().get(3).reason()).contains("appears 2 times");
    assertThat(plan.rejected().get(4).reason())
        .contains("parent 510104009 is not a level-2 cell").contains("import level 2 first");
    assertThat(plan.rejected().get(4).name()).isEqualTo("格510104009001");
  }

  @Test
  void aBowTieIsRepairedAndListedNotRejected() {
    Polygon bowtie = GF.createPolygon(new Coordinate[] {
      new Coordinate(104.00, 30.00), new Coordinate(104.02, 30.02), new Coordinate(104.02, 30.00),
      new Coordinate(104.00, 30.02), new Coordinate(104.00, 30.00)});
    ImportPlan plan = planner.plan(1, List.of(raw(0, "510104", bowtie)), Map.of());

    assertThat(plan.rejected()).isEmpty();
    assertThat(plan.accepted()).singleElement().satisfies(c -> {
      assertThat(c.geometry().isValid()).isTrue();
      // Two triangles, each a quarter of the bounding box.
      double half = sphericalBoxArea(104.00, 30.00, 104.02, 30.02) / 2;
      assertThat(GeoMath.areaSquareMetres(c.geometry())).isCloseTo(half, within(half * 0.01));
    });
    assertThat(plan.repaired()).singleElement().satisfies(r -> {
      assertThat(r.code()).isEqualTo("510104");
      assertThat(r.problem()).startsWith("Self-intersection at (104.0100000, 30.0100000)");
      assertThat(r.location().lon()).isCloseTo(104.01, within(1e-9));
      assertThat(r.areaAfterSquareMetres()).isGreaterThan(0);
    });
  }

  @Test
  void repeatedVerticesAreRemovedAndCounted() {
    Polygon stutter = GF.createPolygon(new Coordinate[] {
      new Coordinate(104.00, 30.00), new Coordinate(104.01, 30.00), new Coordinate(104.01, 30.00),
      new Coordinate(104.01, 30.01), new Coordinate(104.00, 30.01), new Coordinate(104.00, 30.00)});
    ImportPlan plan = planner.plan(1, List.of(raw(0, "510104", stutter)), Map.of());
    assertThat(plan.accepted().get(0).geometry().getNumPoints()).isEqualTo(5);
    assertThat(plan.repaired()).singleElement().satisfies(r -> {
      assertThat(r.problem()).isEqualTo("Repeated points");
      assertThat(r.repeatedPointsRemoved()).isEqualTo(1);
    });
  }

  @Test
  void aGeometryThatCollapsesIsRejected() {
    Polygon flat = GF.createPolygon(new Coordinate[] {
      new Coordinate(104.00, 30.00), new Coordinate(104.01, 30.00), new Coordinate(104.02, 30.00),
      new Coordinate(104.00, 30.00)});
    ImportPlan plan = planner.plan(1, List.of(raw(0, "510104", flat)), Map.of());
    assertThat(plan.accepted()).isEmpty();
    assertThat(plan.rejected()).singleElement().extracting(Rejection::reason)
        .asString().contains("no area after repair");
  }

  @Test
  void levelOneGapsAreTheHolesOfTheUnion() {
    // A ring of four districts around a 0.01-degree hole.
    List<RawGridFeature> fs = List.of(
        raw(0, "510104", box(104.00, 30.00, 104.03, 30.01)),
        raw(1, "510105", box(104.00, 30.02, 104.03, 30.03)),
        raw(2, "510106", box(104.00, 30.01, 104.01, 30.02)),
        raw(3, "510107", box(104.02, 30.01, 104.03, 30.02)));
    ImportPlan plan = planner.plan(1, fs, Map.of());
    assertThat(plan.gaps()).singleElement().satisfies(g -> {
      double hole = sphericalBoxArea(104.01, 30.01, 104.02, 30.02);
      assertThat(g.parentCode()).isNull();
      assertThat(g.areaSquareMetres()).isCloseTo(hole, within(hole * 0.005));
      assertThat(g.location().lon()).isBetween(104.01, 104.02);
    });
    assertThat(plan.overlaps()).isEmpty();
  }

  @Test
  void currentSiblingsCountUnlessReplaced() {
    GridCell oldA = new GridCell("510104001", 2, "旧", "510104", box(104.00, 30.00, 104.02, 30.02));
    GridCell oldB = new GridCell("510104002", 2, "旧乙", "510104", box(104.01, 30.00, 104.02, 30.02));
    // The new 001 replaces the old 001 (no overlap with itself) but overlaps the kept 002.
    ImportPlan plan = planner.plan(
        2, List.of(raw(0, "510104001", box(104.00, 30.00, 104.015, 30.02))),
        parents(DISTRICT, oldA, oldB));
    assertThat(plan.overlaps()).singleElement().satisfies(o -> {
      assertThat(o.codes()).containsExactly("510104001", "510104002");
      double strip = sphericalBoxArea(104.01, 30.00, 104.015, 30.02);
      assertThat(o.areaSquareMetres()).isCloseTo(strip, within(strip * 0.005));
    });
    assertThat(plan.gaps()).isEmpty();
  }

  @Test
  void theReportHasTheApiNamesAndCapsItsLists() {
    List<RawGridFeature> fs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      fs.add(raw(i, "51010400" + (i + 1), box(104.000 + i * 0.003, 30.00, 104.005 + i * 0.003, 30.02)));
    }
    ImportPlan plan = planner.plan(2, fs, parents(DISTRICT));
    Map<String, Object> report = plan.report(2);
    assertThat(report).containsKeys(
        "imported", "repaired", "rejected", "overlaps", "gaps", "outsideParent",
        "repairedTotal", "rejectedTotal", "overlapsTotal", "gapsTotal", "outsideParentTotal");
    assertThat(report.get("imported")).isEqualTo(5);
    assertThat(report.get("overlapsTotal")).isEqualTo(4);
    assertThat((List<?>) report.get("overlaps")).hasSize(2);
    @SuppressWarnings("unchecked")
    Map<String, Object> first = (Map<String, Object>) ((List<?>) report.get("overlaps")).get(0);
    assertThat(first).containsKeys("codes", "areaSquareMetres", "location");
    @SuppressWarnings("unchecked")
    Map<String, Object> location = (Map<String, Object>) first.get("location");
    assertThat(location).containsKeys("lon", "lat");
    assertThat(plan.report()).containsEntry("overlapsTotal", 4);
  }

  @Test
  void theRealChengduDistrictsImportAsLevelOneWithRepairsListed() throws Exception {
    List<RawGridFeature> fs = new GeoJsonGridReader()
        .read(Files.readAllBytes(Path.of("geodata/sources/chengdu-districts.geojson")));
    ImportPlan plan = planner.plan(1, fs, Map.of());
    assertThat(plan.accepted()).hasSize(20);
    assertThat(plan.rejected()).isEmpty();
    assertThat(plan.accepted()).allSatisfy(c -> assertThat(c.geometry().isValid()).isTrue());
    // Quantised to 1/1024 degree: every district repeats vertices, most self-intersect.
    assertThat(plan.repaired()).hasSize(20);
    assertThat(plan.repaired().stream().filter(r -> r.problem().contains("Self-intersection")))
        .hasSizeGreaterThanOrEqualTo(15)
        .allSatisfy(r -> assertThat(r.location()).isNotNull());
    // Neighbours share their quantised borders, so they do not overlap; two small holes remain.
    assertThat(plan.overlaps()).isEmpty();
    assertThat(plan.gaps()).hasSize(2).allSatisfy(g -> {
      assertThat(g.areaSquareMetres()).isBetween(5_000.0, 30_000.0);
      assertThat(g.location().lon()).isBetween(103.0, 105.0);
    });
  }

  @Test
  void theRealBijieDistrictsImportAsLevelOneAndShiftedCopiesShowAsOverlaps() throws Exception {
    List<RawGridFeature> fs = new GeoJsonGridReader()
        .read(Files.readAllBytes(Path.of("geodata/sources/bijie-districts.geojson")));
    ImportPlan plan = planner.plan(1, fs, Map.of());
    assertThat(plan.accepted()).hasSize(8);
    assertThat(plan.rejected()).isEmpty();
    assertThat(plan.repaired()).hasSize(8);
    assertThat(plan.gaps()).isNotEmpty();

    // Move 七星关区 (520502) 0.005 degrees east: it now overlaps its eastern neighbours.
    List<RawGridFeature> shifted = new ArrayList<>();
    for (RawGridFeature f : fs) {
      Geometry g = f.code().equals("520502")
          ? AffineTransformation.translationInstance(0.005, 0).transform(f.geometry())
          : f.geometry();
      shifted.add(new RawGridFeature(f.index(), f.code(), f.name(), f.parentCode(), g));
    }
    ImportPlan moved = planner.plan(1, shifted, Map.of());
    assertThat(moved.overlaps()).isNotEmpty().allSatisfy(o -> {
      assertThat(o.codes()).contains("520502");
      assertThat(o.areaSquareMetres()).isGreaterThan(1.0);
      assertThat(o.location()).isNotNull();
    });
    double total = moved.overlaps().stream().mapToDouble(Overlap::areaSquareMetres).sum();
    assertThat(total).isGreaterThan(1e6);
  }
}
