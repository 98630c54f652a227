package io.gridwatch.geo.importing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import org.locationtech.jts.algorithm.LineIntersector;
import org.locationtech.jts.algorithm.RobustLineIntersector;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.PolygonExtracter;
import org.locationtech.jts.noding.BasicSegmentString;
import org.locationtech.jts.noding.MCIndexNoder;
import org.locationtech.jts.noding.MCIndexSegmentSetMutualIntersector;
import org.locationtech.jts.noding.SegmentIntersector;
import org.locationtech.jts.noding.SegmentString;

/**
 * The running account of one import against its {@link ImportLimits} budgets: a deadline, and
 * counters of what makes repair and overlay expensive. {@link GridImportPlanner} asks it before
 * each expensive JTS call; every count is made by an abortable pass of our own (a monotone-chain
 * noder whose segment intersector counts, and throws as soon as a budget is passed or the
 * deadline is reached), so the cost of the count is bounded by the budget and the cost of the
 * JTS call that follows is bounded by the counts it was allowed.
 *
 * <p>A passed budget throws {@link ImportBudgetExceededException} naming the feature being worked
 * on ({@link #enter}). One instance serves one import on one thread: not thread-safe. The
 * clock starts when the instance is made, so make it before reading the file.
 */
public final class ImportBudget {
  /** The budgets, each with the key that names it in messages and docs. */
  public enum Kind {
    RINGS_PER_FEATURE("ringsPerFeature"),
    SELF_INTERSECTIONS_PER_FEATURE("selfIntersectionsPerFeature"),
    SELF_INTERSECTIONS_PER_FILE("selfIntersectionsPerFile"),
    BOUNDARY_INTERSECTIONS_PER_FEATURE("boundaryIntersectionsPerFeature"),
    BOUNDARY_INTERSECTIONS_PER_FILE("boundaryIntersectionsPerFile"),
    VERTICES_PER_OVERLAY("verticesPerOverlay"),
    PLANNING_TIME("planningTime");

    private final String key;

    Kind(String key) {
      this.key = key;
    }

    /** The budget's name in messages, e.g. {@code selfIntersectionsPerFeature}. */
    public String key() {
      return key;
    }
  }

  /**
   * The most any feature (or the file) used of each budget so far: what a real file needs, to
   * compare with the limits.
   *
   * @param maxVerticesPerFeature vertices of the largest feature
   * @param maxRingsPerFeature rings of the feature with the most
   * @param maxSelfIntersectionsPerFeature self-intersections of the worst feature
   * @param selfIntersections self-intersections of the whole file
   * @param maxBoundaryIntersectionsPerFeature boundary intersections of the worst new cell
   * @param boundaryIntersections boundary intersections of the whole file
   * @param maxVerticesPerOverlay vertices of the largest union or difference
   * @param maxFeatureTime the longest time spent on one feature (repair and overlays)
   * @param slowestFeature code of that feature, or {@code null}
   * @param elapsed time since the budget was made
   */
  public record Usage(
      long maxVerticesPerFeature,
      long maxRingsPerFeature,
      long maxSelfIntersectionsPerFeature,
      long selfIntersections,
      long maxBoundaryIntersectionsPerFeature,
      long boundaryIntersections,
      long maxVerticesPerOverlay,
      Duration maxFeatureTime,
      String slowestFeature,
      Duration elapsed) {}

  /** How many segment pairs a pass tests between two looks at the clock. */
  private static final int TICKS_PER_CLOCK_READ = 1024;

  private final ImportLimits limits;
  private final LongSupplier nanoClock;
  private final long startedNanos;
  private final long deadlineNanos;
  private int ticks;

  private int featureIndex = -1;
  private String featureCode;
  private String activity = "reading the file";
  private long featureStartedNanos;
  private final Map<Integer, Long> nanosByFeature = new HashMap<>();
  private final Map<Integer, String> codeByFeature = new HashMap<>();
  private final Map<Integer, Long> boundaryByFeature = new HashMap<>();

  private long maxVertices;
  private long maxRings;
  private long maxSelf;
  private long selfTotal;
  private long maxBoundary;
  private long boundaryTotal;
  private long maxOverlayVertices;

  /** A budget whose clock starts now. */
  public ImportBudget(ImportLimits limits) {
    this(limits, System::nanoTime);
  }

  /** A budget going by {@code nanoClock} (a {@link System#nanoTime()}-like source), for tests. */
  public ImportBudget(ImportLimits limits, LongSupplier nanoClock) {
    this.limits = limits;
    this.nanoClock = nanoClock;
    this.startedNanos = nanoClock.getAsLong();
    this.deadlineNanos = startedNanos + limits.maxPlanningTime().toNanos();
  }

  public ImportLimits limits() {
    return limits;
  }

  /**
   * From now on, work is done for this feature (until the next call or {@link #leave()}): its
   * time is counted and a passed budget names it.
   *
   * @param activity what is being done, for messages, e.g. {@code "repair"}
   */
  public void enter(int index, String code, String activity) {
    leave();
    this.featureIndex = index;
    this.featureCode = code;
    this.activity = activity;
    this.featureStartedNanos = nanoClock.getAsLong();
    codeByFeature.put(index, code);
    checkTime();
  }

  /** Work is no longer done for one feature. */
  public void leave() {
    if (featureIndex >= 0) {
      nanosByFeature.merge(featureIndex, nanoClock.getAsLong() - featureStartedNanos, Long::sum);
    }
    featureIndex = -1;
    featureCode = null;
  }

  /** Names what the import is doing now, for the time budget's message. */
  public void activity(String activity) {
    this.activity = activity;
  }

  /** Throws {@link Kind#PLANNING_TIME} if the deadline has passed. Cheap; call it in loops. */
  public void checkTime() {
    if (nanoClock.getAsLong() - deadlineNanos > 0) {
      throw exceeded(Kind.PLANNING_TIME, limits.maxPlanningTime().toMillis(),
          "took longer than " + seconds(limits.maxPlanningTime()) + " to read and check"
              + " (while " + activity + ")");
    }
  }

  /** {@link #checkTime()} every so many calls: for the innermost loops. */
  void tick() {
    if (++ticks % TICKS_PER_CLOCK_READ == 0) {
      checkTime();
    }
  }

  /** Counts the rings of the current feature against {@link Kind#RINGS_PER_FEATURE}. */
  public void checkRings(Geometry g) {
    List<Polygon> polygons = new ArrayList<>();
    PolygonExtracter.getPolygons(g, polygons);
    long rings = 0;
    for (Polygon p : polygons) {
      rings += 1 + p.getNumInteriorRing();
    }
    maxRings = Math.max(maxRings, rings);
    maxVertices = Math.max(maxVertices, g.getNumPoints());
    if (rings > limits.maxRingsPerFeature()) {
      throw exceeded(Kind.RINGS_PER_FEATURE, limits.maxRingsPerFeature(),
          "has " + rings + " rings, more than " + fmt(limits.maxRingsPerFeature()));
    }
  }

  /**
   * Counts the pairs of edges of the current feature that meet other than at the vertex they
   * share (crossings, touches, overlaps), stopping as soon as {@link
   * Kind#SELF_INTERSECTIONS_PER_FEATURE} or {@link Kind#SELF_INTERSECTIONS_PER_FILE} is passed.
   *
   * @return the count (also added to the file's total)
   */
  public long checkSelfIntersections(Geometry g) {
    long fileLeft = limits.maxSelfIntersectionsPerFile() - selfTotal;
    Counter counter = new Counter(true, limits.maxSelfIntersectionsPerFeature(), fileLeft,
        Kind.SELF_INTERSECTIONS_PER_FEATURE, Kind.SELF_INTERSECTIONS_PER_FILE,
        "self-intersections (edges of its rings crossing or touching each other)");
    new MCIndexNoder(counter).computeNodes(segmentStrings(g));
    selfTotal += counter.count;
    maxSelf = Math.max(maxSelf, counter.count);
    return counter.count;
  }

  /**
   * An index of a geometry's edges, to count its intersections with others by {@link
   * #checkBoundaryIntersections}. Building it costs O(n log n) in the vertices.
   */
  public static MCIndexSegmentSetMutualIntersector edgeIndex(Geometry g) {
    return new MCIndexSegmentSetMutualIntersector(segmentStrings(g));
  }

  /**
   * Counts the points where the current feature's edges (indexed by {@code index}, or the edges
   * of {@code other} against the feature's) meet those of {@code other}, adding them to the
   * feature's and the file's counts, and stopping as soon as {@link
   * Kind#BOUNDARY_INTERSECTIONS_PER_FEATURE} or {@link Kind#BOUNDARY_INTERSECTIONS_PER_FILE} is
   * passed. Shared edges count too: their cost is the same to the overlay.
   *
   * @param otherName who {@code other} is, for the message, e.g. {@code "its parent 510104001"}
   * @return this pair's count
   */
  public long checkBoundaryIntersections(
      MCIndexSegmentSetMutualIntersector index, Geometry other, String otherName) {
    long sofar = featureIndex < 0 ? 0 : boundaryByFeature.getOrDefault(featureIndex, 0L);
    Counter counter = new Counter(false, limits.maxBoundaryIntersectionsPerFeature() - sofar,
        limits.maxBoundaryIntersectionsPerFile() - boundaryTotal,
        Kind.BOUNDARY_INTERSECTIONS_PER_FEATURE, Kind.BOUNDARY_INTERSECTIONS_PER_FILE,
        "points where its boundary meets those of its parent and siblings (last compared with "
            + otherName + ")");
    counter.featureLimitShown = limits.maxBoundaryIntersectionsPerFeature();
    index.process(segmentStrings(other), counter);
    boundaryTotal += counter.count;
    if (featureIndex >= 0) {
      long total = boundaryByFeature.merge(featureIndex, counter.count, Long::sum);
      maxBoundary = Math.max(maxBoundary, total);
    }
    return counter.count;
  }

  /** Checks the vertices going into one union or difference against {@link Kind#VERTICES_PER_OVERLAY}. */
  public void checkOverlayVertices(long vertices, String what) {
    maxOverlayVertices = Math.max(maxOverlayVertices, vertices);
    if (vertices > limits.maxVerticesPerOverlay()) {
      throw exceeded(Kind.VERTICES_PER_OVERLAY, limits.maxVerticesPerOverlay(),
          "needs " + what + " over " + fmt(vertices) + " vertices, more than "
              + fmt(limits.maxVerticesPerOverlay()));
    }
  }

  /** What has been used so far. */
  public Usage usage() {
    long now = nanoClock.getAsLong();
    Map<Integer, Long> times = new HashMap<>(nanosByFeature);
    if (featureIndex >= 0) {
      times.merge(featureIndex, now - featureStartedNanos, Long::sum);
    }
    Map.Entry<Integer, Long> slowest = times.entrySet().stream()
        .max(Map.Entry.comparingByValue()).orElse(null);
    return new Usage(maxVertices, maxRings, maxSelf, selfTotal, maxBoundary, boundaryTotal,
        maxOverlayVertices,
        Duration.ofNanos(slowest == null ? 0 : slowest.getValue()),
        slowest == null ? null : codeByFeature.get(slowest.getKey()),
        Duration.ofNanos(now - startedNanos));
  }

  private ImportBudgetExceededException exceeded(Kind kind, long limit, String what) {
    String who = featureIndex < 0
        ? "The file"
        : "Feature " + featureIndex + " (code " + featureCode + ")";
    String message = who + " " + what + ": over the import budget " + kind.key() + " = "
        + (kind == Kind.PLANNING_TIME ? seconds(limits.maxPlanningTime()) : fmt(limit))
        + ". Nothing was imported; simplify or fix the geometry at its source, or split the file.";
    return new ImportBudgetExceededException(kind, limit, featureIndex, featureCode, message);
  }

  private static String fmt(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  /** Each ring of each polygon as one segment string (its closing vertex included). */
  static List<SegmentString> segmentStrings(Geometry g) {
    List<Polygon> polygons = new ArrayList<>();
    PolygonExtracter.getPolygons(g, polygons);
    List<SegmentString> out = new ArrayList<>();
    for (Polygon p : polygons) {
      addRing(p.getExteriorRing(), out);
      for (int i = 0; i < p.getNumInteriorRing(); i++) {
        addRing(p.getInteriorRingN(i), out);
      }
    }
    return out;
  }

  private static void addRing(LinearRing ring, List<SegmentString> out) {
    Coordinate[] coords = ring.getCoordinates();
    if (coords.length >= 2) {
      out.add(new BasicSegmentString(coords, null));
    }
  }

  /**
   * Counts intersecting segment pairs and throws past a limit; reads the clock every {@link
   * #TICKS_PER_CLOCK_READ} candidate pairs, so that even a pass finding no intersection (many
   * overlapping envelopes) stops at the deadline.
   */
  private final class Counter implements SegmentIntersector {
    private final LineIntersector li = new RobustLineIntersector();
    private final boolean self;
    private final long featureLimit;
    private final long fileLimit;
    private final Kind featureKind;
    private final Kind fileKind;
    private final String what;
    long featureLimitShown;
    long count;

    Counter(boolean self, long featureLimit, long fileLimit, Kind featureKind, Kind fileKind,
        String what) {
      this.self = self;
      this.featureLimit = featureLimit;
      this.fileLimit = fileLimit;
      this.featureKind = featureKind;
      this.fileKind = fileKind;
      this.what = what;
      this.featureLimitShown = featureLimit;
    }

    @Override
    public void processIntersections(SegmentString e0, int i0, SegmentString e1, int i1) {
      tick();
      if (self && e0 == e1 && i0 == i1) {
        return;
      }
      li.computeIntersection(e0.getCoordinate(i0), e0.getCoordinate(i0 + 1),
          e1.getCoordinate(i1), e1.getCoordinate(i1 + 1));
      if (!li.hasIntersection()) {
        return;
      }
      if (self && e0 == e1 && li.getIntersectionNum() == 1 && adjacent(e0, i0, i1)) {
        return; // consecutive edges meeting at the vertex they share
      }
      count++;
      if (count > featureLimit) {
        throw exceeded(featureKind, featureLimitShown,
            "has more than " + fmt(featureLimitShown) + " " + what);
      }
      if (count > fileLimit) {
        throw exceeded(fileKind, fileKind == Kind.SELF_INTERSECTIONS_PER_FILE
                ? limits.maxSelfIntersectionsPerFile() : limits.maxBoundaryIntersectionsPerFile(),
            "brings the file over " + fmt(fileKind == Kind.SELF_INTERSECTIONS_PER_FILE
                ? limits.maxSelfIntersectionsPerFile() : limits.maxBoundaryIntersectionsPerFile())
                + " " + what.replaceFirst(" \\(.*", "") + " in all");
      }
    }

    private boolean adjacent(SegmentString ss, int i0, int i1) {
      if (Math.abs(i0 - i1) == 1) {
        return true;
      }
      if (ss.isClosed()) {
        int last = ss.size() - 2;
        return (i0 == 0 && i1 == last) || (i1 == 0 && i0 == last);
      }
      return false;
    }

    @Override
    public boolean isDone() {
      return false;
    }
  }
}
