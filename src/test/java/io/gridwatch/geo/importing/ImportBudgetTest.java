package io.gridwatch.geo.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.gridwatch.geo.model.GridCell;
import io.gridwatch.geo.importing.ImportBudget.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

/** The import budgets on small geometries, and on the star and the comb of issue 10. */
class ImportBudgetTest {
  private static final GeometryFactory GF = new GeometryFactory();
  private static final GridCell DISTRICT = new GridCell("510104", 1, "锦江区", null,
      GridImportPlannerTest.box(104.00, 30.00, 104.02, 30.02));

  /** A bow-tie: one pair of crossing edges. */
  private static Polygon bowTie(double x, double y) {
    return GF.createPolygon(new Coordinate[] {
      new Coordinate(x, y), new Coordinate(x + 0.001, y + 0.001), new Coordinate(x + 0.001, y),
      new Coordinate(x, y + 0.001), new Coordinate(x, y)});
  }

  /** {@code n} bow-ties side by side, as one MultiPolygon: n self-intersections. */
  private static Geometry bowTies(int n, double y) {
    Polygon[] ps = new Polygon[n];
    for (int i = 0; i < n; i++) {
      ps[i] = bowTie(104.0 + i * 0.002, y);
    }
    return GF.createMultiPolygon(ps);
  }

  private static RawGridFeature feature(int index, String code, Geometry g) {
    return GridImportPlannerTest.raw(index, code, g);
  }

  private static ImportBudgetExceededException refusal(Runnable r) {
    ImportBudgetExceededException e = catchThrowableOfType(r::run, ImportBudgetExceededException.class);
    assertThat(e).as("refused over a budget").isNotNull();
    assertThat(e.problem()).isEqualTo(GridImportException.PROBLEM_BUDGET_EXCEEDED);
    assertThat(e.status()).isEqualTo(422);
    return e;
  }

  @Test
  void sixBowTiesAreSixSelfIntersectionsAndPassABudgetOfSix() {
    ImportLimits six = ImportLimits.DEFAULTS.withSelfIntersections(6, 100);
    ImportBudget budget = new ImportBudget(six);
    ImportPlan plan = new GridImportPlanner(six)
        .plan(1, List.of(feature(0, "510104", bowTies(6, 30.0))), Map.of(), budget);
    assertThat(plan.accepted()).hasSize(1);
    assertThat(plan.repaired()).hasSize(1);
    assertThat(plan.accepted().get(0).geometry().isValid()).isTrue();
    assertThat(budget.usage().maxSelfIntersectionsPerFeature()).isEqualTo(6);
    assertThat(budget.usage().selfIntersections()).isEqualTo(6);
  }

  @Test
  void sevenBowTiesAreRefusedByABudgetOfSixNamingTheFeatureAndTheBudget() {
    ImportLimits six = ImportLimits.DEFAULTS.withSelfIntersections(6, 100);
    List<RawGridFeature> fs = List.of(
        feature(0, "510104", GridImportPlannerTest.box(104.0, 30.1, 104.01, 30.11)),
        feature(1, "510105", bowTies(7, 30.0)));
    ImportBudgetExceededException e =
        refusal(() -> new GridImportPlanner(six).plan(1, fs, Map.of()));
    assertThat(e.budget()).isEqualTo(Kind.SELF_INTERSECTIONS_PER_FEATURE);
    assertThat(e.featureIndex()).isEqualTo(1);
    assertThat(e.code()).isEqualTo("510105");
    assertThat(e.limit()).isEqualTo(6);
    assertThat(e.getMessage()).contains("Feature 1 (code 510105)", "selfIntersectionsPerFeature", "6");
    assertThat(e.errors()).singleElement()
        .satisfies(f -> assertThat(f.field()).isEqualTo("features[1].geometry"));
  }

  @Test
  void theFileBudgetAddsUpTheFeaturesAndNamesTheOneThatPassesIt() {
    ImportLimits limits = ImportLimits.DEFAULTS.withSelfIntersections(10, 5);
    List<RawGridFeature> fs = List.of(
        feature(0, "510101", bowTies(2, 30.0)),
        feature(1, "510102", bowTies(2, 30.1)),
        feature(2, "510103", bowTies(2, 30.2)));
    ImportBudgetExceededException e =
        refusal(() -> new GridImportPlanner(limits).plan(1, fs, Map.of()));
    assertThat(e.budget()).isEqualTo(Kind.SELF_INTERSECTIONS_PER_FILE);
    assertThat(e.featureIndex()).isEqualTo(2);
    assertThat(e.getMessage()).contains("510103", "selfIntersectionsPerFile");
  }

  @Test
  void aFigureEightPinchAndASpikeCountButAValidPolygonCountsNothing() {
    ImportBudget budget = new ImportBudget(ImportLimits.DEFAULTS);
    assertThat(budget.checkSelfIntersections(GridImportPlannerTest.box(0, 0, 1, 1))).isZero();
    // Two squares touching at (1, 1), drawn as one ring: 4 pairs of edges meet there.
    Polygon eight = GF.createPolygon(new Coordinate[] {
      new Coordinate(0, 0), new Coordinate(1, 0), new Coordinate(1, 1), new Coordinate(2, 1),
      new Coordinate(2, 2), new Coordinate(1, 2), new Coordinate(1, 1), new Coordinate(0, 1),
      new Coordinate(0, 0)});
    assertThat(budget.checkSelfIntersections(eight)).isEqualTo(4);
    // A spike out and back along the same line: the two edges overlap.
    Polygon spike = GF.createPolygon(new Coordinate[] {
      new Coordinate(0, 0), new Coordinate(1, 0), new Coordinate(3, 0), new Coordinate(1, 0),
      new Coordinate(1, 1), new Coordinate(0, 1), new Coordinate(0, 0)});
    assertThat(budget.checkSelfIntersections(spike)).isPositive();
  }

  @Test
  void aPolygonWithMoreRingsThanTheBudgetIsRefusedBeforeAnyRepair() {
    LinearRing shell = GridImportPlannerTest.box(104.0, 30.0, 104.1, 30.1).getExteriorRing();
    LinearRing[] holes = new LinearRing[3];
    for (int i = 0; i < 3; i++) {
      holes[i] = GridImportPlannerTest.box(104.01 + i * 0.02, 30.01, 104.02 + i * 0.02, 30.02)
          .getExteriorRing();
    }
    Polygon swiss = GF.createPolygon(shell, holes);
    ImportLimits three = ImportLimits.DEFAULTS.withRingsPerFeature(3);
    ImportBudgetExceededException e = refusal(() -> new GridImportPlanner(three)
        .plan(1, List.of(feature(0, "510104", swiss)), Map.of()));
    assertThat(e.budget()).isEqualTo(Kind.RINGS_PER_FEATURE);
    assertThat(e.getMessage()).contains("4 rings", "ringsPerFeature");
    assertThat(new GridImportPlanner(ImportLimits.DEFAULTS.withRingsPerFeature(4))
        .plan(1, List.of(feature(0, "510104", swiss)), Map.of()).accepted()).hasSize(1);
  }

  @Test
  void aCombCrossingItsParentsEdgeIsRefusedByTheBoundaryBudgetAndAcceptedUnderALargerOne() {
    // 30 teeth whose tips stick out of the district's northern edge: 60 crossings, and 2 more
    // where the comb's straight sides cross it.
    Polygon comb = HostileGeometries.comb(30, 104.001, 104.019, 30.001, 30.021, 0.002);
    List<RawGridFeature> fs = List.of(feature(0, "510104001", comb));
    ImportBudgetExceededException e = refusal(() ->
        new GridImportPlanner(ImportLimits.DEFAULTS.withBoundaryIntersections(50, 1000))
            .plan(2, fs, Map.of("510104", DISTRICT)));
    assertThat(e.budget()).isEqualTo(Kind.BOUNDARY_INTERSECTIONS_PER_FEATURE);
    assertThat(e.code()).isEqualTo("510104001");
    assertThat(e.getMessage()).contains("boundaryIntersectionsPerFeature", "its parent 510104");

    ImportBudget budget = new ImportBudget(ImportLimits.DEFAULTS.withBoundaryIntersections(100, 1000));
    ImportPlan plan = new GridImportPlanner().plan(2, fs, Map.of("510104", DISTRICT), budget);
    assertThat(plan.outsideParent()).hasSize(1);
    assertThat(budget.usage().maxBoundaryIntersectionsPerFeature()).isEqualTo(62);
  }

  @Test
  void siblingsCrossingEachOtherCountAgainstTheBoundaryBudget() {
    // The southern half, and a comb in the north whose 20 teeth dip into it: 40 crossings.
    Polygon south = GridImportPlannerTest.box(104.000, 30.000, 104.020, 30.010);
    Polygon combNorth = HostileGeometries.comb(20, 104.000, 104.020, 30.005, 30.020, 0.012);
    List<RawGridFeature> fs = List.of(feature(0, "510104001", south), feature(1, "510104002", combNorth));
    ImportBudgetExceededException e = refusal(() ->
        new GridImportPlanner(ImportLimits.DEFAULTS.withBoundaryIntersections(30, 1000))
            .plan(2, fs, Map.of("510104", DISTRICT)));
    assertThat(e.budget()).isEqualTo(Kind.BOUNDARY_INTERSECTIONS_PER_FEATURE);
    assertThat(e.featureIndex()).isZero();
    assertThat(e.getMessage()).contains("sibling 510104002");
  }

  @Test
  void theUnionOfAParentsChildrenIsRefusedOverTheVerticesPerOverlayBudget() {
    List<RawGridFeature> fs = List.of(
        feature(0, "510104001", GridImportPlannerTest.box(104.00, 30.00, 104.01, 30.02)),
        feature(1, "510104002", GridImportPlannerTest.box(104.01, 30.00, 104.02, 30.02)));
    ImportBudgetExceededException e = refusal(() ->
        new GridImportPlanner(ImportLimits.DEFAULTS.withVerticesPerOverlay(14))
            .plan(2, fs, Map.of("510104", DISTRICT)));
    assertThat(e.budget()).isEqualTo(Kind.VERTICES_PER_OVERLAY);
    assertThat(e.getMessage()).contains("15 vertices", "verticesPerOverlay", "510104001");
    assertThat(new GridImportPlanner(ImportLimits.DEFAULTS.withVerticesPerOverlay(15))
        .plan(2, fs, Map.of("510104", DISTRICT)).gaps()).isEmpty();
  }

  @Test
  void theTimeBudgetStopsThePlanAndNamesWhatItWasDoing() {
    AtomicLong nanos = new AtomicLong();
    // Every look at the clock costs 1 ms: the 3rd feature's repair passes a 10 ms budget.
    ImportBudget budget = new ImportBudget(
        ImportLimits.DEFAULTS.withPlanningTime(Duration.ofMillis(10)),
        () -> nanos.addAndGet(1_000_000));
    List<RawGridFeature> fs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      fs.add(feature(i, "51010" + i, GridImportPlannerTest.box(104 + i, 30, 104.5 + i, 30.5)));
    }
    ImportBudgetExceededException e =
        refusal(() -> new GridImportPlanner().plan(1, fs, Map.of(), budget));
    assertThat(e.budget()).isEqualTo(Kind.PLANNING_TIME);
    assertThat(e.limit()).isEqualTo(10);
    assertThat(e.featureIndex()).isBetween(0, 9);
    assertThat(e.getMessage()).contains("10 ms", "planningTime", "repairing it");
  }

  @Test
  void theTimeBudgetStopsACountingPassFromInsideOnTheRealClock() {
    // No count budget at all: only the clock, read inside the pass every 1,024 segment pairs,
    // stops the count of the star's 10^8 crossings (minutes of work) a little after 300 ms.
    ImportLimits unlimited = ImportLimits.DEFAULTS
        .withSelfIntersections(Integer.MAX_VALUE, Long.MAX_VALUE)
        .withPlanningTime(Duration.ofMillis(300));
    long started = System.nanoTime();
    ImportBudgetExceededException e = refusal(() -> new GridImportPlanner(unlimited)
        .plan(1, List.of(feature(0, "510104", HostileGeometries.issueStar())), Map.of()));
    long millis = (System.nanoTime() - started) / 1_000_000;
    assertThat(e.budget()).isEqualTo(Kind.PLANNING_TIME);
    assertThat(e.getMessage()).contains("Feature 0 (code 510104)", "300 ms", "repairing it");
    assertThat(millis).isLessThan(10_000);
    assertThat(GridImportPlanner.plansRunning()).isZero();
  }

  @Test
  void noPlanIsCountedAsRunningOnceARefusedPlanHasThrown() {
    List<Integer> seenWhilePlanning = new ArrayList<>();
    AtomicLong nanos = new AtomicLong();
    ImportBudget budget = new ImportBudget(ImportLimits.DEFAULTS, () -> {
      seenWhilePlanning.add(GridImportPlanner.plansRunning());
      return nanos.addAndGet(1_000);
    });
    refusal(() -> new GridImportPlanner().plan(1,
        List.of(feature(0, "510104", HostileGeometries.issueStar())), Map.of(), budget));
    assertThat(seenWhilePlanning).contains(1);
    assertThat(GridImportPlanner.plansRunning()).isZero();
  }

  @Test
  void theStarOfIssueTenIsRefusedInMillisecondsNotRepairedForMinutes() {
    Polygon star = HostileGeometries.issueStar();
    assertThat(star.getNumPoints()).isEqualTo(20_002);
    long started = System.nanoTime();
    ImportBudgetExceededException e = refusal(() -> new GridImportPlanner()
        .plan(3, List.of(feature(0, "510104001001", star)), Map.of(
            "510104", DISTRICT,
            "510104001", new GridCell("510104001", 2, "街道", "510104",
                GridImportPlannerTest.box(104.0, 30.6, 104.2, 30.7)))));
    long millis = (System.nanoTime() - started) / 1_000_000;
    assertThat(e.budget()).isEqualTo(Kind.SELF_INTERSECTIONS_PER_FEATURE);
    assertThat(e.getMessage()).contains("Feature 0 (code 510104001001)", "10,000");
    // Generous (the budget stops it after 10,000 of its 10^8 crossings): about correctness.
    assertThat(millis).isLessThan(15_000);
  }

  @Test
  void theCombOfIssueTenIsRefusedByTheBoundaryBudget() {
    // 99,993 teeth, 199,989 vertices, crossing the whole district from south to north.
    Polygon comb = HostileGeometries.comb(99_993, 104.0, 104.02, 29.99, 30.03, 0.035);
    assertThat(comb.isValid()).isTrue();
    ImportBudgetExceededException e = refusal(() -> new GridImportPlanner()
        .plan(2, List.of(feature(0, "510104001", comb)), Map.of("510104", DISTRICT)));
    assertThat(e.budget()).isEqualTo(Kind.BOUNDARY_INTERSECTIONS_PER_FEATURE);
    assertThat(e.getMessage()).contains("510104001", "50,000");
  }
}
