package io.gridwatch.geo.importing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateArrays;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.geom.util.PolygonExtracter;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

/**
 * Turns a possibly invalid polygonal geometry into a valid {@code Polygon} or {@code
 * MultiPolygon}: removes consecutive repeated vertices, and if the result is still invalid
 * (self-intersection, bow-tie, nested shells, ...) fixes it with JTS {@link GeometryFixer},
 * keeping only the polygonal parts. Imports repair within an {@link ImportBudget}. Stateless and
 * thread-safe.
 */
public final class GeometryRepair {
  private GeometryRepair() {}

  /**
   * What a repair did.
   *
   * @param geometry the valid polygonal result; empty if nothing polygonal was left
   * @param problem the first validation error of the input after removing repeated points, e.g.
   *     {@code "Self-intersection at (104.0801000, 30.6612000)"}; {@code null} if it was valid
   * @param problemLocation where that error is, or {@code null}
   * @param repeatedPointsRemoved consecutive duplicate vertices dropped
   */
  public record Result(
      Geometry geometry, String problem, Coordinate problemLocation, int repeatedPointsRemoved) {
    /** True if the geometry differs from the input in any way. */
    public boolean changed() {
      return problem != null || repeatedPointsRemoved > 0;
    }
  }

  /**
   * Repairs a polygonal geometry (a Polygon, MultiPolygon or collection of them) with no bound on
   * the cost: only for trusted input (the demo generator's own source). Imports use {@link
   * #repair(Geometry, ImportBudget)}.
   */
  public static Result repair(Geometry input) {
    return repair(input, null);
  }

  /**
   * Repairs a polygonal geometry within a budget: its rings are counted, and its
   * self-intersections counted by an abortable pass, before the validity check and {@link
   * GeometryFixer} run, so that both run only on inputs whose cost the budget bounds.
   *
   * @param budget the import's budget, the current feature entered; {@code null} for none
   * @throws ImportBudgetExceededException when the geometry is over a budget
   */
  public static Result repair(Geometry input, ImportBudget budget) {
    if (budget != null) {
      budget.checkRings(input);
    }
    int before = input.getNumPoints();
    Geometry deduped = removeRepeatedPoints(input);
    int removed = before - deduped.getNumPoints();
    if (budget != null) {
      // Counted on every feature, valid or not: the validity check's own noding pass costs as
      // much as this one, and unlike this one it cannot be stopped.
      budget.checkSelfIntersections(deduped);
      budget.checkTime();
    }
    IsValidOp op = new IsValidOp(deduped);
    TopologyValidationError error = op.getValidationError();
    if (error == null && (deduped instanceof Polygon || deduped instanceof MultiPolygon)) {
      return new Result(deduped, null, null, removed);
    }
    Geometry fixed = polygonal(GeometryFixer.fix(deduped));
    String problem;
    Coordinate at = null;
    if (error != null) {
      at = error.getCoordinate();
      problem = error.getMessage() + (at == null ? "" : " at " + format(at));
    } else {
      problem = "Not polygonal (" + deduped.getGeometryType() + ")";
    }
    return new Result(fixed, problem, at, removed);
  }

  /** {@code (lon, lat)} with 7 decimals, as used in messages. */
  public static String format(Coordinate c) {
    return String.format(Locale.ROOT, "(%.7f, %.7f)", c.x, c.y);
  }

  /**
   * The polygonal part of a geometry as one valid {@code Polygon} or {@code MultiPolygon} (empty
   * {@code MultiPolygon} if there is none). Lines and points, e.g. collapsed parts, are dropped.
   */
  public static Geometry polygonal(Geometry g) {
    if (g instanceof Polygon || g instanceof MultiPolygon) {
      return g;
    }
    List<Polygon> polys = new ArrayList<>();
    PolygonExtracter.getPolygons(g, polys);
    GeometryFactory f = g.getFactory();
    if (polys.isEmpty()) {
      return f.createMultiPolygon();
    }
    if (polys.size() == 1) {
      return polys.get(0);
    }
    Geometry u = OverlayNGRobust.union(new ArrayList<Geometry>(polys));
    return u instanceof Polygon || u instanceof MultiPolygon ? u : polygonal(u);
  }

  /**
   * A copy without consecutive repeated vertices. A ring left with fewer than 4 vertices is
   * dropped (a collapsed shell drops its polygon), so the result may be empty.
   */
  public static Geometry removeRepeatedPoints(Geometry g) {
    GeometryFactory f = g.getFactory();
    List<Polygon> polys = new ArrayList<>();
    PolygonExtracter.getPolygons(g, polys);
    List<Polygon> out = new ArrayList<>(polys.size());
    boolean changed = false;
    for (Polygon p : polys) {
      LinearRing shell = dedupe(p.getExteriorRing(), f);
      if (shell == null) {
        changed = true;
        continue;
      }
      List<LinearRing> holes = new ArrayList<>(p.getNumInteriorRing());
      for (int i = 0; i < p.getNumInteriorRing(); i++) {
        LinearRing h = dedupe(p.getInteriorRingN(i), f);
        if (h != null) {
          holes.add(h);
        }
      }
      if (shell != p.getExteriorRing() || holes.size() != p.getNumInteriorRing()) {
        changed = true;
      }
      for (int i = 0; i < holes.size() && !changed; i++) {
        changed = holes.get(i) != p.getInteriorRingN(i);
      }
      out.add(f.createPolygon(shell, holes.toArray(LinearRing[]::new)));
    }
    if (!changed && (g instanceof Polygon || g instanceof MultiPolygon)) {
      return g;
    }
    if (out.size() == 1 && !(g instanceof MultiPolygon)) {
      return out.get(0);
    }
    return f.createMultiPolygon(out.toArray(Polygon[]::new));
  }

  /** The same ring if it has no repeated vertices, a deduplicated copy, or null if too short. */
  private static LinearRing dedupe(LinearRing ring, GeometryFactory f) {
    Coordinate[] coords = ring.getCoordinates();
    if (!CoordinateArrays.hasRepeatedPoints(coords)) {
      return coords.length >= 4 ? ring : null;
    }
    Coordinate[] d = CoordinateArrays.removeRepeatedPoints(coords);
    if (d.length < 4 || !d[0].equals2D(d[d.length - 1])) {
      return null;
    }
    return f.createLinearRing(d);
  }
}
