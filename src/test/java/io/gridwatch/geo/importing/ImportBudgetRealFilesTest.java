package io.gridwatch.geo.importing;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.geo.model.GridCell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real source files and the committed demo grid stay far below every default budget: each
 * count they need is at most a tenth of its budget (the time is printed, not asserted, since it
 * depends on the machine; docs/geodata.md records it).
 */
class ImportBudgetRealFilesTest {
  private static final ImportLimits LIMITS = ImportLimits.DEFAULTS;
  private static final int MARGIN = 10;

  private static List<RawGridFeature> read(String path) throws Exception {
    return new GeoJsonGridReader().read(Files.readAllBytes(Path.of(path)));
  }

  private static ImportBudget.Usage planAndMeasure(
      String name, int level, List<RawGridFeature> features, Map<String, GridCell> current,
      Map<String, GridCell> into) {
    ImportBudget budget = new ImportBudget(LIMITS);
    ImportPlan plan = new GridImportPlanner().plan(level, features, current, budget);
    assertThat(plan.rejected()).as(name).isEmpty();
    plan.accepted().forEach(c -> into.put(c.code(), c));
    ImportBudget.Usage u = budget.usage();
    System.out.printf("budget use %-28s features %5d | per feature: vertices %6d rings %3d"
            + " self-intersections %4d boundary intersections %5d time %5d ms (%s) | file:"
            + " self-intersections %5d boundary intersections %6d largest overlay %6d vertices,"
            + " %5d ms%n", name, features.size(), u.maxVerticesPerFeature(), u.maxRingsPerFeature(),
        u.maxSelfIntersectionsPerFeature(), u.maxBoundaryIntersectionsPerFeature(),
        u.maxFeatureTime().toMillis(), u.slowestFeature(), u.selfIntersections(),
        u.boundaryIntersections(), u.maxVerticesPerOverlay(), u.elapsed().toMillis());
    assertWithinMargin(name, u);
    return u;
  }

  private static void assertWithinMargin(String name, ImportBudget.Usage u) {
    assertThat(u.maxRingsPerFeature() * MARGIN).as(name + " rings")
        .isLessThanOrEqualTo(LIMITS.maxRingsPerFeature());
    assertThat(u.maxSelfIntersectionsPerFeature() * MARGIN).as(name + " self-intersections")
        .isLessThanOrEqualTo(LIMITS.maxSelfIntersectionsPerFeature());
    assertThat(u.selfIntersections() * MARGIN).as(name + " self-intersections in the file")
        .isLessThanOrEqualTo(LIMITS.maxSelfIntersectionsPerFile());
    assertThat(u.maxBoundaryIntersectionsPerFeature() * MARGIN).as(name + " boundary intersections")
        .isLessThanOrEqualTo(LIMITS.maxBoundaryIntersectionsPerFeature());
    assertThat(u.boundaryIntersections() * MARGIN).as(name + " boundary intersections in the file")
        .isLessThanOrEqualTo(LIMITS.maxBoundaryIntersectionsPerFile());
    assertThat(u.maxVerticesPerOverlay() * MARGIN).as(name + " vertices of one overlay")
        .isLessThanOrEqualTo(LIMITS.maxVerticesPerOverlay());
  }

  @Test
  void theRealChengduAndBijieSourcesNeedAtMostATenthOfEachBudget() throws Exception {
    Map<String, GridCell> grid = new HashMap<>();
    ImportBudget.Usage chengdu = planAndMeasure("chengdu-districts (level 1)", 1,
        read("geodata/sources/chengdu-districts.geojson"), Map.of(), grid);
    // Both cities together, as GridImportApiTest imports them: the level-1 union covers both.
    ImportBudget.Usage bijie = planAndMeasure("bijie-districts (level 1)", 1,
        read("geodata/sources/bijie-districts.geojson"), Map.copyOf(grid), grid);
    // They do need repair: the budgets were counted, not skipped.
    assertThat(chengdu.maxSelfIntersectionsPerFeature()).isPositive();
    assertThat(bijie.maxSelfIntersectionsPerFeature()).isPositive();
  }

  @Test
  void theCommittedDemoGridNeedsAtMostATenthOfEachBudgetAtEveryLevel() throws Exception {
    Map<String, GridCell> grid = new HashMap<>();
    for (int level = 1; level <= 3; level++) {
      ImportBudget.Usage u = planAndMeasure("geodata/chengdu level " + level, level,
          read("geodata/chengdu/level" + level + ".geojson"), Map.copyOf(grid), grid);
      if (level > 1) {
        // Children share their parents' edges: counted, and far below the budget.
        assertThat(u.maxBoundaryIntersectionsPerFeature()).isPositive();
      }
    }
  }
}
