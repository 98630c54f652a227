package io.gridwatch.geo.importing;

import io.gridwatch.geo.model.GridCell;
import io.gridwatch.geo.model.LonLatArea;
import io.gridwatch.geo.importing.ImportPlan.Gap;
import io.gridwatch.geo.importing.ImportPlan.LonLat;
import io.gridwatch.geo.importing.ImportPlan.Outside;
import io.gridwatch.geo.importing.ImportPlan.Overlap;
import io.gridwatch.geo.importing.ImportPlan.Rejection;
import io.gridwatch.geo.importing.ImportPlan.Repair;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.locationtech.jts.algorithm.InteriorPointArea;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.geom.util.PolygonExtracter;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.noding.MCIndexSegmentSetMutualIntersector;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;
import org.locationtech.jts.operation.union.UnaryUnionOp;
import org.locationtech.jts.operation.union.UnionStrategy;

/**
 * Plans the import of one level of the grid: checks codes against the level and the current
 * grid, repairs geometries, and measures overlaps between siblings, gaps in their parents and
 * parts outside the parent. A pure function of its arguments: no I/O, no state, thread-safe.
 *
 * <p>Import semantics: a feature replaces the current cell of the same code; current cells of the
 * level whose codes are not in the file stay. Overlaps and gaps are measured on that resulting
 * set of siblings (for overlaps, only pairs involving at least one new cell are listed).
 *
 * <p>Cells are checked, in this order, for: code length matching the level (6, 9, 12 or 14
 * digits), the code starting with its parent code, the code appearing only once in the file (all
 * copies of a duplicated code are rejected, since nobody can tell which is right), the parent
 * being a current cell of the level above, and the geometry keeping an area after repair. A
 * failing cell is listed in {@link ImportPlan#rejected()}; the others are accepted.
 *
 * <p>Every plan runs within an {@link ImportBudget} ({@link ImportLimits}): before each repair
 * and each overlay the planner counts, with passes that stop as soon as a budget is passed, what
 * makes that JTS call expensive (rings, self-intersections, boundary intersections with the
 * parent and siblings, vertices of a union), and between steps it checks the deadline. A file
 * over a budget is refused as a whole with {@link ImportBudgetExceededException}, and nothing of
 * the plan is computed after that. {@link #plansRunning()} says how many plans are computing in
 * this JVM.
 *
 * <p>Planning 2,000 level-3 cells takes a few seconds on one core: run it off the event loop.
 */
public final class GridImportPlanner {
  /** Overlaps smaller than this many square metres are ignored as numeric noise. */
  public static final double DEFAULT_MIN_OVERLAP_SQUARE_METRES = 1.0;
  /** Gaps and outside parts smaller than this many square metres are ignored. */
  public static final double DEFAULT_MIN_GAP_SQUARE_METRES = 1.0;

  private static final AtomicInteger RUNNING = new AtomicInteger();

  private final double minOverlapSquareMetres;
  private final double minGapSquareMetres;
  private final ImportLimits limits;

  /** A planner with the default thresholds (1 m²) and budgets ({@link ImportLimits#DEFAULTS}). */
  public GridImportPlanner() {
    this(DEFAULT_MIN_OVERLAP_SQUARE_METRES, DEFAULT_MIN_GAP_SQUARE_METRES);
  }

  public GridImportPlanner(double minOverlapSquareMetres, double minGapSquareMetres) {
    this(minOverlapSquareMetres, minGapSquareMetres, ImportLimits.DEFAULTS);
  }

  /** A planner with the default thresholds and these budgets. */
  public GridImportPlanner(ImportLimits limits) {
    this(DEFAULT_MIN_OVERLAP_SQUARE_METRES, DEFAULT_MIN_GAP_SQUARE_METRES, limits);
  }

  public GridImportPlanner(
      double minOverlapSquareMetres, double minGapSquareMetres, ImportLimits limits) {
    this.minOverlapSquareMetres = minOverlapSquareMetres;
    this.minGapSquareMetres = minGapSquareMetres;
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** The budgets {@link #plan(int, List, Map)} plans within. */
  public ImportLimits limits() {
    return limits;
  }

  /**
   * How many plans are computing in this JVM right now (repairs and overlays included). Zero once
   * every plan has returned or thrown: a refused plan leaves no work behind.
   */
  public static int plansRunning() {
    return RUNNING.get();
  }

  /** Digits of a code at a level: 6, 9, 12, 14. */
  public static int codeLength(int level) {
    return switch (level) {
      case 1 -> 6;
      case 2 -> 9;
      case 3 -> 12;
      case 4 -> 14;
      default -> throw new IllegalArgumentException("level must be 1 to 4, was " + level);
    };
  }

  /**
   * Plans an import within this planner's budgets, timed from now.
   *
   * @param level the level of every feature, 1 to 4
   * @param features as read by {@link GeoJsonGridReader} or {@link GeoPackageGridReader}
   * @param currentCells every current cell of every level, by code (parents are looked up here)
   * @throws ImportBudgetExceededException when the file is over a budget
   */
  public ImportPlan plan(
      int level, List<RawGridFeature> features, Map<String, GridCell> currentCells) {
    return plan(level, features, currentCells, new ImportBudget(limits));
  }

  /**
   * Plans an import within {@code budget} (made before the file was read, so that reading
   * counts against its time). Afterwards {@link ImportBudget#usage()} says what the file needed.
   *
   * @throws ImportBudgetExceededException when the file is over a budget
   */
  public ImportPlan plan(int level, List<RawGridFeature> features,
      Map<String, GridCell> currentCells, ImportBudget budget) {
    RUNNING.incrementAndGet();
    try {
      return planWithin(level, features, currentCells, budget);
    } finally {
      budget.leave();
      RUNNING.decrementAndGet();
    }
  }

  private ImportPlan planWithin(int level, List<RawGridFeature> features,
      Map<String, GridCell> currentCells, ImportBudget budget) {
    budget.activity("checking codes");
    budget.checkTime();
    int length = codeLength(level);
    Map<String, List<RawGridFeature>> byCode = new HashMap<>();
    for (RawGridFeature f : features) {
      byCode.computeIfAbsent(f.code(), c -> new ArrayList<>()).add(f);
    }
    List<GridCell> accepted = new ArrayList<>();
    List<Repair> repaired = new ArrayList<>();
    List<Rejection> rejected = new ArrayList<>();
    Map<String, Integer> featureIndex = new HashMap<>();
    for (RawGridFeature f : features) {
      budget.checkTime();
      String reason = codeProblem(level, length, f, byCode, currentCells);
      if (reason != null) {
        rejected.add(new Rejection(f.index(), f.code(), f.name(), reason));
        continue;
      }
      budget.enter(f.index(), f.code(), "repairing it");
      GeometryRepair.Result r = GeometryRepair.repair(f.geometry(), budget);
      Geometry g = r.geometry();
      if (g.isEmpty() || g.getArea() == 0) {
        rejected.add(new Rejection(f.index(), f.code(), f.name(),
            "geometry has no area after repair"
                + (r.problem() == null ? "" : " (" + r.problem() + ")")));
        continue;
      }
      if (r.changed()) {
        Coordinate at = r.problemLocation();
        repaired.add(new Repair(
            f.code(),
            f.name(),
            r.problem() != null ? r.problem() : "Repeated points",
            at == null ? null : new LonLat(at.x, at.y),
            r.repeatedPointsRemoved(),
            Math.abs(LonLatArea.squareMetres(f.geometry())),
            LonLatArea.squareMetres(g)));
      }
      String parent = level == 1 ? null : f.parentCode();
      accepted.add(new GridCell(f.code(), level, f.name(), parent, g));
      featureIndex.put(f.code(), f.index());
    }
    budget.leave();

    // The siblings after the import: the new cells plus the current cells they do not replace.
    Set<String> newCodes = accepted.stream().map(GridCell::code).collect(Collectors.toSet());
    List<GridCell> kept = currentCells.values().stream()
        .filter(c -> c.level() == level && !newCodes.contains(c.code()))
        .sorted(Comparator.comparing(GridCell::code))
        .toList();
    List<GridCell> resulting = new ArrayList<>(accepted);
    resulting.addAll(kept);

    // Every count first, then the overlays: a hostile cell is refused before any overlay runs.
    countBoundaryIntersections(level, accepted, kept, currentCells, featureIndex, budget);
    List<Overlap> overlaps = overlaps(accepted, kept, featureIndex, budget);
    List<Outside> outside =
        level == 1 ? List.of() : outside(accepted, currentCells, featureIndex, budget);
    List<Gap> gaps = level == 1
        ? holes(resulting, budget)
        : gaps(accepted, resulting, currentCells, featureIndex, budget);
    return new ImportPlan(level, accepted, repaired, rejected, overlaps, gaps, outside);
  }

  private static String codeProblem(
      int level,
      int length,
      RawGridFeature f,
      Map<String, List<RawGridFeature>> byCode,
      Map<String, GridCell> current) {
    String code = f.code();
    if (code.length() != length) {
      return "code " + code + " has " + code.length() + " digits; level " + level + " codes have "
          + length;
    }
    String parent = f.parentCode();
    if (level > 1) {
      if (parent == null || parent.length() != codeLength(level - 1)
          || !code.startsWith(parent)) {
        return "code " + code + " does not start with its parent code "
            + (parent == null ? "(none)" : parent) + "; a level-" + level + " code is its "
            + "parent's " + codeLength(level - 1) + " digits followed by "
            + (length - codeLength(level - 1));
      }
    }
    List<RawGridFeature> same = byCode.get(code);
    if (same.size() > 1) {
      return "code " + code + " appears " + same.size() + " times in the file (features "
          + same.stream().map(s -> String.valueOf(s.index())).collect(Collectors.joining(", "))
          + "); none of them is imported";
    }
    if (level > 1) {
      GridCell p = current.get(parent);
      if (p == null || p.level() != level - 1) {
        return "parent " + parent + " is not a level-" + (level - 1) + " cell of the grid; "
            + "import level " + (level - 1) + " first";
      }
    }
    return null;
  }

  /** The new cells first, then the kept ones, indexed by their position in that list. */
  private static STRtree envelopes(List<GridCell> all) {
    STRtree tree = new STRtree();
    for (int i = 0; i < all.size(); i++) {
      tree.insert(all.get(i).geometry().getEnvelopeInternal(), i);
    }
    return tree;
  }

  /**
   * Counts, for each new cell, the points where its boundary meets its parent's and those of the
   * siblings whose envelopes it touches (each pair once), against the boundary budgets. These
   * bound the cost of every overlay that follows (overlaps, outside parts, gaps), so they all run
   * before the first of them.
   */
  private static void countBoundaryIntersections(int level, List<GridCell> accepted,
      List<GridCell> kept, Map<String, GridCell> current, Map<String, Integer> featureIndex,
      ImportBudget budget) {
    List<GridCell> all = new ArrayList<>(accepted);
    all.addAll(kept);
    STRtree tree = envelopes(all);
    Map<String, MCIndexSegmentSetMutualIntersector> parentEdges = new HashMap<>();
    for (int i = 0; i < accepted.size(); i++) {
      GridCell a = accepted.get(i);
      budget.enter(featureIndex.get(a.code()), a.code(),
          "counting where its boundary meets its parent's and its siblings'");
      if (level > 1) {
        Geometry parent = current.get(a.parentCode()).geometry();
        budget.checkBoundaryIntersections(
            parentEdges.computeIfAbsent(a.parentCode(), k -> ImportBudget.edgeIndex(parent)),
            a.geometry(), "its parent " + a.parentCode());
      }
      MCIndexSegmentSetMutualIntersector edges = null;
      @SuppressWarnings("unchecked")
      List<Integer> candidates = tree.query(a.geometry().getEnvelopeInternal());
      candidates.sort(null);
      for (int j : candidates) {
        GridCell b = all.get(j);
        if ((j <= i && j < accepted.size()) || !Objects.equals(a.parentCode(), b.parentCode())) {
          continue; // each pair of new cells once; only siblings
        }
        if (edges == null) {
          edges = ImportBudget.edgeIndex(a.geometry());
        }
        budget.checkBoundaryIntersections(edges, b.geometry(), "sibling " + b.code());
      }
    }
    budget.leave();
  }

  /** Pairs of siblings overlapping by more than the threshold, at least one of them new. */
  private List<Overlap> overlaps(List<GridCell> accepted, List<GridCell> kept,
      Map<String, Integer> featureIndex, ImportBudget budget) {
    List<GridCell> all = new ArrayList<>(accepted);
    all.addAll(kept);
    STRtree tree = envelopes(all);
    List<Overlap> out = new ArrayList<>();
    for (int i = 0; i < accepted.size(); i++) {
      GridCell a = accepted.get(i);
      budget.enter(featureIndex.get(a.code()), a.code(), "comparing it with its siblings");
      PreparedGeometry pa = PreparedGeometryFactory.prepare(a.geometry());
      @SuppressWarnings("unchecked")
      List<Integer> candidates = tree.query(a.geometry().getEnvelopeInternal());
      candidates.sort(null);
      for (int j : candidates) {
        if (j <= i && j < accepted.size()) {
          continue; // each pair of new cells once
        }
        GridCell b = all.get(j);
        if (!Objects.equals(a.parentCode(), b.parentCode())) {
          continue;
        }
        // Their boundary intersections were counted: the prepared test and the overlay are bounded.
        if (!pa.intersects(b.geometry())) {
          continue;
        }
        budget.checkOverlayVertices(a.geometry().getNumPoints() + b.geometry().getNumPoints(),
            "the intersection with sibling " + b.code());
        Geometry inter = polygonalPart(
            OverlayNGRobust.overlay(a.geometry(), b.geometry(), OverlayNG.INTERSECTION));
        double area = LonLatArea.squareMetres(inter);
        if (area > minOverlapSquareMetres) {
          List<String> codes = a.code().compareTo(b.code()) < 0
              ? List.of(a.code(), b.code()) : List.of(b.code(), a.code());
          out.add(new Overlap(codes, area, interiorPoint(inter)));
        }
        budget.checkTime();
      }
    }
    budget.leave();
    out.sort(Comparator.comparingDouble(Overlap::areaSquareMetres).reversed()
        .thenComparing(o -> o.codes().get(0)).thenComparing(o -> o.codes().get(1)));
    return out;
  }

  /** For each parent that gets new children: the parent minus the union of its children. */
  private List<Gap> gaps(List<GridCell> accepted, List<GridCell> resulting,
      Map<String, GridCell> current, Map<String, Integer> featureIndex, ImportBudget budget) {
    Set<String> parents = new HashSet<>();
    Map<String, GridCell> firstNewChild = new HashMap<>();
    accepted.forEach(c -> {
      parents.add(c.parentCode());
      firstNewChild.putIfAbsent(c.parentCode(), c);
    });
    Map<String, List<Geometry>> children = new TreeMap<>();
    for (GridCell c : resulting) {
      if (parents.contains(c.parentCode())) {
        children.computeIfAbsent(c.parentCode(), k -> new ArrayList<>()).add(c.geometry());
      }
    }
    List<Gap> out = new ArrayList<>();
    for (Map.Entry<String, List<Geometry>> e : children.entrySet()) {
      Geometry parent = current.get(e.getKey()).geometry();
      GridCell named = firstNewChild.get(e.getKey());
      budget.enter(featureIndex.get(named.code()), named.code(),
          "measuring the gaps between the children of " + e.getKey());
      long vertices = parent.getNumPoints();
      for (Geometry child : e.getValue()) {
        vertices += child.getNumPoints();
      }
      budget.checkOverlayVertices(vertices, "the union of the children of " + e.getKey());
      Geometry union = union(e.getValue(), budget);
      budget.checkTime();
      Geometry uncovered = OverlayNGRobust.overlay(parent, union, OverlayNG.DIFFERENCE);
      budget.checkTime();
      addParts(uncovered, e.getKey(), out);
    }
    budget.leave();
    out.sort(Comparator.comparingDouble(Gap::areaSquareMetres).reversed()
        .thenComparing(g -> g.parentCode() == null ? "" : g.parentCode()));
    return out;
  }

  /** Level 1: the holes inside the union of all level-1 cells. */
  private List<Gap> holes(List<GridCell> resulting, ImportBudget budget) {
    List<Geometry> geoms = resulting.stream().map(GridCell::geometry).toList();
    List<Gap> out = new ArrayList<>();
    if (geoms.isEmpty()) {
      return out;
    }
    budget.activity("measuring the holes in the union of all level-1 cells");
    budget.checkOverlayVertices(geoms.stream().mapToLong(Geometry::getNumPoints).sum(),
        "the union of all level-1 cells");
    Geometry union = union(geoms, budget);
    List<Polygon> polys = new ArrayList<>();
    PolygonExtracter.getPolygons(union, polys);
    for (Polygon p : polys) {
      for (int i = 0; i < p.getNumInteriorRing(); i++) {
        budget.checkTime();
        Polygon hole = union.getFactory().createPolygon(p.getInteriorRingN(i).getCoordinates());
        // Islands of other cells inside the hole are not gap.
        Geometry gap = OverlayNGRobust.overlay(hole, union, OverlayNG.DIFFERENCE);
        addParts(gap, null, out);
      }
    }
    out.sort(Comparator.comparingDouble(Gap::areaSquareMetres).reversed());
    return out;
  }

  private void addParts(Geometry g, String parentCode, List<Gap> out) {
    List<Polygon> parts = new ArrayList<>();
    PolygonExtracter.getPolygons(g, parts);
    for (Polygon part : parts) {
      double area = LonLatArea.squareMetres(part);
      if (area > minGapSquareMetres) {
        out.add(new Gap(parentCode, area, interiorPoint(part)));
      }
    }
  }

  private List<Outside> outside(List<GridCell> accepted, Map<String, GridCell> current,
      Map<String, Integer> featureIndex, ImportBudget budget) {
    List<Outside> out = new ArrayList<>();
    Map<String, PreparedGeometry> prepared = new LinkedHashMap<>();
    for (GridCell c : accepted) {
      budget.enter(featureIndex.get(c.code()), c.code(), "comparing it with its parent "
          + c.parentCode());
      Geometry parent = current.get(c.parentCode()).geometry();
      PreparedGeometry pp =
          prepared.computeIfAbsent(c.parentCode(), k -> PreparedGeometryFactory.prepare(parent));
      // Its boundary intersections with the parent were counted: both calls are bounded.
      if (pp.contains(c.geometry())) {
        continue;
      }
      budget.checkOverlayVertices(c.geometry().getNumPoints() + parent.getNumPoints(),
          "the difference from its parent " + c.parentCode());
      Geometry beyond = polygonalPart(
          OverlayNGRobust.overlay(c.geometry(), parent, OverlayNG.DIFFERENCE));
      double area = LonLatArea.squareMetres(beyond);
      if (area > minGapSquareMetres) {
        out.add(new Outside(c.code(), c.parentCode(), area, interiorPoint(beyond)));
      }
      budget.checkTime();
    }
    budget.leave();
    out.sort(Comparator.comparingDouble(Outside::areaSquareMetres).reversed()
        .thenComparing(Outside::code));
    return out;
  }

  /**
   * {@link OverlayNGRobust#union(java.util.Collection)}, looking at the deadline before each of
   * the pairwise unions it is made of.
   */
  private static Geometry union(List<Geometry> geoms, ImportBudget budget) {
    UnaryUnionOp op = new UnaryUnionOp(geoms);
    op.setUnionFunction(new UnionStrategy() {
      @Override
      public Geometry union(Geometry g0, Geometry g1) {
        budget.checkTime();
        return OverlayNGRobust.overlay(g0, g1, OverlayNG.UNION);
      }

      @Override
      public boolean isFloatingPrecision() {
        return true;
      }
    });
    return op.union();
  }

  private static Geometry polygonalPart(Geometry g) {
    return GeometryRepair.polygonal(g);
  }

  /** A point inside the largest polygon of an areal geometry. */
  private static LonLat interiorPoint(Geometry g) {
    List<Polygon> parts = new ArrayList<>();
    PolygonExtracter.getPolygons(g, parts);
    Geometry largest = parts.stream().max(Comparator.comparingDouble(Geometry::getArea)).orElse(null);
    Coordinate c = largest == null ? null : InteriorPointArea.getInteriorPoint(largest);
    return c == null ? null : new LonLat(c.x, c.y);
  }
}
