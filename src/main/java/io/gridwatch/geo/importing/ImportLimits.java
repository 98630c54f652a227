package io.gridwatch.geo.importing;

import java.time.Duration;
import java.util.Objects;

/**
 * What an import file may cost, so that a hostile or mistaken upload cannot exhaust memory or
 * CPU or hold the import lock for long. Immutable and thread-safe.
 *
 * <p><b>Size limits</b>, checked by the readers while parsing: a file over one is refused with
 * {@link GridImportException#PROBLEM_TOO_LARGE} (413, or {@link
 * GridImportException#PROBLEM_TOO_DEEP} for nesting) before it is fully read.
 *
 * <p><b>Budgets</b>, checked by {@link GridImportPlanner} through an {@link ImportBudget} on what
 * makes repair and overlay expensive. They are counted with abortable passes of our own before
 * each JTS call that they bound, so a file over one is refused with {@link
 * GridImportException#PROBLEM_BUDGET_EXCEEDED} (422, naming the feature and the budget) and no
 * computation goes on after the answer. See docs/geodata.md, "Import budgets", for why each one
 * bounds the cost and how far the real files stay below it.
 *
 * @param maxFeatures features (GeoJSON) or rows (GeoPackage) in one file
 * @param maxVerticesPerFeature positions in one feature's geometry, all rings together
 * @param maxTotalVertices positions in the whole file
 * @param maxNestingDepth JSON arrays and objects nested in one another
 * @param maxBytes size of the file in bytes
 * @param maxRingsPerFeature budget: shells and holes of one feature
 * @param maxSelfIntersectionsPerFeature budget: pairs of edges of one feature that cross or touch
 *     other than at their shared vertex (what repair has to untangle)
 * @param maxSelfIntersectionsPerFile budget: the same, summed over the file
 * @param maxBoundaryIntersectionsPerFeature budget: points where a new cell's edges meet the
 *     edges of its parent and of its siblings (what each overlay has to node)
 * @param maxBoundaryIntersectionsPerFile budget: the same, summed over the file
 * @param maxVerticesPerOverlay budget: vertices going into one overlay (a cell and a sibling, a
 *     cell and its parent, a parent and all its children when measuring gaps, all level-1 cells
 *     when measuring holes): the one cost no count of intersections bounds
 * @param maxPlanningTime budget: wall-clock time from the start of reading to the end of planning
 */
public record ImportLimits(
    int maxFeatures,
    int maxVerticesPerFeature,
    long maxTotalVertices,
    int maxNestingDepth,
    long maxBytes,
    int maxRingsPerFeature,
    int maxSelfIntersectionsPerFeature,
    long maxSelfIntersectionsPerFile,
    int maxBoundaryIntersectionsPerFeature,
    long maxBoundaryIntersectionsPerFile,
    long maxVerticesPerOverlay,
    Duration maxPlanningTime) {

  /** Default budget: rings of one feature. */
  public static final int DEFAULT_MAX_RINGS_PER_FEATURE = 10_000;
  /** Default budget: self-intersections of one feature. */
  public static final int DEFAULT_MAX_SELF_INTERSECTIONS_PER_FEATURE = 10_000;
  /** Default budget: self-intersections of the whole file. */
  public static final long DEFAULT_MAX_SELF_INTERSECTIONS_PER_FILE = 100_000;
  /** Default budget: boundary intersections of one new cell with its parent and siblings. */
  public static final int DEFAULT_MAX_BOUNDARY_INTERSECTIONS_PER_FEATURE = 50_000;
  /** Default budget: boundary intersections of the whole file. */
  public static final long DEFAULT_MAX_BOUNDARY_INTERSECTIONS_PER_FILE = 5_000_000;
  /** Default budget: vertices in one union or difference. */
  public static final long DEFAULT_MAX_VERTICES_PER_OVERLAY = 300_000;
  /** Default budget: time to read and plan one file (the HTTP request timeout is 30 s). */
  public static final Duration DEFAULT_MAX_PLANNING_TIME = Duration.ofSeconds(20);

  /**
   * 100,000 features, 200,000 vertices each, 5,000,000 in all, depth 64, 64 MiB; budgets: 10,000
   * rings per feature, 10,000 self-intersections per feature and 100,000 per file, 50,000
   * boundary intersections per feature and 5,000,000 per file, 300,000 vertices per overlay,
   * 20 s.
   */
  public static final ImportLimits DEFAULTS =
      new ImportLimits(100_000, 200_000, 5_000_000L, 64, 64L * 1024 * 1024);

  public ImportLimits {
    if (maxFeatures < 1 || maxVerticesPerFeature < 4 || maxTotalVertices < 4
        || maxNestingDepth < 8 || maxBytes < 1) {
      throw new IllegalArgumentException(
          "import limits too small: features >= 1, vertices >= 4, depth >= 8, bytes >= 1");
    }
    Objects.requireNonNull(maxPlanningTime, "maxPlanningTime");
    if (maxRingsPerFeature < 1 || maxSelfIntersectionsPerFeature < 0
        || maxSelfIntersectionsPerFile < 0 || maxBoundaryIntersectionsPerFeature < 0
        || maxBoundaryIntersectionsPerFile < 0 || maxVerticesPerOverlay < 4
        || maxPlanningTime.isNegative() || maxPlanningTime.isZero()) {
      throw new IllegalArgumentException("import budgets too small: rings >= 1, intersections >= 0,"
          + " vertices per overlay >= 4, planning time > 0");
    }
  }

  /** Size limits as given, every budget at its default. */
  public ImportLimits(
      int maxFeatures, int maxVerticesPerFeature, long maxTotalVertices, int maxNestingDepth,
      long maxBytes) {
    this(maxFeatures, maxVerticesPerFeature, maxTotalVertices, maxNestingDepth, maxBytes,
        DEFAULT_MAX_RINGS_PER_FEATURE,
        DEFAULT_MAX_SELF_INTERSECTIONS_PER_FEATURE, DEFAULT_MAX_SELF_INTERSECTIONS_PER_FILE,
        DEFAULT_MAX_BOUNDARY_INTERSECTIONS_PER_FEATURE, DEFAULT_MAX_BOUNDARY_INTERSECTIONS_PER_FILE,
        DEFAULT_MAX_VERTICES_PER_OVERLAY, DEFAULT_MAX_PLANNING_TIME);
  }

  /** The defaults, see {@link #DEFAULTS}. */
  public static ImportLimits defaults() {
    return DEFAULTS;
  }

  /** A copy with other self-intersection budgets. */
  public ImportLimits withSelfIntersections(int perFeature, long perFile) {
    return new ImportLimits(maxFeatures, maxVerticesPerFeature, maxTotalVertices, maxNestingDepth,
        maxBytes, maxRingsPerFeature, perFeature, perFile, maxBoundaryIntersectionsPerFeature,
        maxBoundaryIntersectionsPerFile, maxVerticesPerOverlay, maxPlanningTime);
  }

  /** A copy with other boundary-intersection budgets. */
  public ImportLimits withBoundaryIntersections(int perFeature, long perFile) {
    return new ImportLimits(maxFeatures, maxVerticesPerFeature, maxTotalVertices, maxNestingDepth,
        maxBytes, maxRingsPerFeature, maxSelfIntersectionsPerFeature, maxSelfIntersectionsPerFile,
        perFeature, perFile, maxVerticesPerOverlay, maxPlanningTime);
  }

  /** A copy with another rings budget. */
  public ImportLimits withRingsPerFeature(int rings) {
    return new ImportLimits(maxFeatures, maxVerticesPerFeature, maxTotalVertices, maxNestingDepth,
        maxBytes, rings, maxSelfIntersectionsPerFeature, maxSelfIntersectionsPerFile,
        maxBoundaryIntersectionsPerFeature, maxBoundaryIntersectionsPerFile, maxVerticesPerOverlay,
        maxPlanningTime);
  }

  /** A copy with another vertices-per-overlay budget. */
  public ImportLimits withVerticesPerOverlay(long vertices) {
    return new ImportLimits(maxFeatures, maxVerticesPerFeature, maxTotalVertices, maxNestingDepth,
        maxBytes, maxRingsPerFeature, maxSelfIntersectionsPerFeature, maxSelfIntersectionsPerFile,
        maxBoundaryIntersectionsPerFeature, maxBoundaryIntersectionsPerFile, vertices,
        maxPlanningTime);
  }

  /** A copy with another time budget. */
  public ImportLimits withPlanningTime(Duration time) {
    return new ImportLimits(maxFeatures, maxVerticesPerFeature, maxTotalVertices, maxNestingDepth,
        maxBytes, maxRingsPerFeature, maxSelfIntersectionsPerFeature, maxSelfIntersectionsPerFile,
        maxBoundaryIntersectionsPerFeature, maxBoundaryIntersectionsPerFile, maxVerticesPerOverlay,
        time);
  }
}
