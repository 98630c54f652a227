package io.gridwatch.geo.importing;

import io.gridwatch.geo.GridCell;
import io.gridwatch.geo.LonLatArea;
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
import java.util.stream.Collectors;
import org.locationtech.jts.algorithm.InteriorPointArea;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.geom.util.PolygonExtracter;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

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
 * <p>Planning 2,000 level-3 cells takes a few seconds on one core: run it off the event loop.
 */
public final class GridImportPlanner {
  /** Overlaps smaller than this many square metres are ignored as numeric noise. */
  public static final double DEFAULT_MIN_OVERLAP_SQUARE_METRES = 1.0;
  /** Gaps and outside parts smaller than this many square metres are ignored. */
  public static final double DEFAULT_MIN_GAP_SQUARE_METRES = 1.0;

  private final double minOverlapSquareMetres;
  private final double minGapSquareMetres;

  /** A planner with the default thresholds (1 m²). */
  public GridImportPlanner() {
    this(DEFAULT_MIN_OVERLAP_SQUARE_METRES, DEFAULT_MIN_GAP_SQUARE_METRES);
  }

  public GridImportPlanner(double minOverlapSquareMetres, double minGapSquareMetres) {
    this.minOverlapSquareMetres = minOverlapSquareMetres;
    this.minGapSquareMetres = minGapSquareMetres;
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
   * Plans an import.
   *
   * @param level the level of every feature, 1 to 4
   * @param features as read by {@link GeoJsonGridReader} or {@link GeoPackageGridReader}
   * @param currentCells every current cell of every level, by code (parents are looked up here)
   */
  public ImportPlan plan(
      int level, List<RawGridFeature> features, Map<String, GridCell> currentCells) {
    int length = codeLength(level);
    Map<String, List<RawGridFeature>> byCode = new HashMap<>();
    for (RawGridFeature f : features) {
      byCode.computeIfAbsent(f.code(), c -> new ArrayList<>()).add(f);
    }
    List<GridCell> accepted = new ArrayList<>();
    List<Repair> repaired = new ArrayList<>();
    List<Rejection> rejected = new ArrayList<>();
    for (RawGridFeature f : features) {
      String reason = codeProblem(level, length, f, byCode, currentCells);
      if (reason != null) {
        rejected.add(new Rejection(f.index(), f.code(), f.name(), reason));
        continue;
      }
      GeometryRepair.Result r = GeometryRepair.repair(f.geometry());
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
    }

    // The siblings after the import: the new cells plus the current cells they do not replace.
    Set<String> newCodes = accepted.stream().map(GridCell::code).collect(Collectors.toSet());
    List<GridCell> kept = currentCells.values().stream()
        .filter(c -> c.level() == level && !newCodes.contains(c.code()))
        .sorted(Comparator.comparing(GridCell::code))
        .toList();
    List<GridCell> resulting = new ArrayList<>(accepted);
    resulting.addAll(kept);

    List<Overlap> overlaps = overlaps(accepted, kept);
    List<Gap> gaps = level == 1 ? holes(resulting) : gaps(accepted, resulting, currentCells);
    List<Outside> outside = level == 1 ? List.of() : outside(accepted, currentCells);
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

  /** Pairs of siblings overlapping by more than the threshold, at least one of them new. */
  private List<Overlap> overlaps(List<GridCell> accepted, List<GridCell> kept) {
    STRtree tree = new STRtree();
    List<GridCell> all = new ArrayList<>(accepted);
    all.addAll(kept);
    for (int i = 0; i < all.size(); i++) {
      tree.insert(all.get(i).geometry().getEnvelopeInternal(), i);
    }
    List<Overlap> out = new ArrayList<>();
    for (int i = 0; i < accepted.size(); i++) {
      GridCell a = accepted.get(i);
      PreparedGeometry pa = PreparedGeometryFactory.prepare(a.geometry());
      @SuppressWarnings("unchecked")
      List<Integer> candidates = tree.query(a.geometry().getEnvelopeInternal());
      candidates.sort(null);
      for (int j : candidates) {
        if (j <= i && j < accepted.size()) {
          continue; // each pair of new cells once
        }
        GridCell b = all.get(j);
        if (!Objects.equals(a.parentCode(), b.parentCode()) || !pa.intersects(b.geometry())) {
          continue;
        }
        Geometry inter = polygonalPart(
            OverlayNGRobust.overlay(a.geometry(), b.geometry(), OverlayNG.INTERSECTION));
        double area = LonLatArea.squareMetres(inter);
        if (area > minOverlapSquareMetres) {
          List<String> codes = a.code().compareTo(b.code()) < 0
              ? List.of(a.code(), b.code()) : List.of(b.code(), a.code());
          out.add(new Overlap(codes, area, interiorPoint(inter)));
        }
      }
    }
    out.sort(Comparator.comparingDouble(Overlap::areaSquareMetres).reversed()
        .thenComparing(o -> o.codes().get(0)).thenComparing(o -> o.codes().get(1)));
    return out;
  }

  /** For each parent that gets new children: the parent minus the union of its children. */
  private List<Gap> gaps(
      List<GridCell> accepted, List<GridCell> resulting, Map<String, GridCell> current) {
    Set<String> parents = new HashSet<>();
    accepted.forEach(c -> parents.add(c.parentCode()));
    Map<String, List<Geometry>> children = new TreeMap<>();
    for (GridCell c : resulting) {
      if (parents.contains(c.parentCode())) {
        children.computeIfAbsent(c.parentCode(), k -> new ArrayList<>()).add(c.geometry());
      }
    }
    List<Gap> out = new ArrayList<>();
    for (Map.Entry<String, List<Geometry>> e : children.entrySet()) {
      Geometry parent = current.get(e.getKey()).geometry();
      Geometry union = OverlayNGRobust.union(e.getValue());
      Geometry uncovered = OverlayNGRobust.overlay(parent, union, OverlayNG.DIFFERENCE);
      addParts(uncovered, e.getKey(), out);
    }
    out.sort(Comparator.comparingDouble(Gap::areaSquareMetres).reversed()
        .thenComparing(g -> g.parentCode() == null ? "" : g.parentCode()));
    return out;
  }

  /** Level 1: the holes inside the union of all level-1 cells. */
  private List<Gap> holes(List<GridCell> resulting) {
    List<Geometry> geoms = resulting.stream().map(GridCell::geometry).toList();
    List<Gap> out = new ArrayList<>();
    if (geoms.isEmpty()) {
      return out;
    }
    Geometry union = OverlayNGRobust.union(geoms);
    List<Polygon> polys = new ArrayList<>();
    PolygonExtracter.getPolygons(union, polys);
    for (Polygon p : polys) {
      for (int i = 0; i < p.getNumInteriorRing(); i++) {
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

  private List<Outside> outside(List<GridCell> accepted, Map<String, GridCell> current) {
    List<Outside> out = new ArrayList<>();
    Map<String, PreparedGeometry> prepared = new LinkedHashMap<>();
    for (GridCell c : accepted) {
      Geometry parent = current.get(c.parentCode()).geometry();
      PreparedGeometry pp =
          prepared.computeIfAbsent(c.parentCode(), k -> PreparedGeometryFactory.prepare(parent));
      if (pp.contains(c.geometry())) {
        continue;
      }
      Geometry beyond = polygonalPart(
          OverlayNGRobust.overlay(c.geometry(), parent, OverlayNG.DIFFERENCE));
      double area = LonLatArea.squareMetres(beyond);
      if (area > minGapSquareMetres) {
        out.add(new Outside(c.code(), c.parentCode(), area, interiorPoint(beyond)));
      }
    }
    out.sort(Comparator.comparingDouble(Outside::areaSquareMetres).reversed()
        .thenComparing(Outside::code));
    return out;
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
