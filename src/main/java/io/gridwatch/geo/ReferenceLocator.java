package io.gridwatch.geo;

import io.gridwatch.geo.model.GridCell;
import java.util.Collection;
import java.util.List;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.algorithm.locate.PointOnGeometryLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.util.PolygonExtracter;

/**
 * The obviously-correct {@link CellLocator}: tries every cell in code order with JTS
 * ({@link IndexedPointInAreaLocator}, which reports the boundary as covered) and returns the
 * first that covers the point. Linear in the number of cells; used as the oracle of the contract
 * tests and never on a hot path.
 *
 * <p>Boundary rule: see {@link CellLocator} (boundary covered, even-odd over all rings, lowest
 * code wins). Thread-safe once constructed (the JTS locators build their index lazily under a
 * lock).
 */
public final class ReferenceLocator implements CellLocator {
  private final List<GridCell> cells;
  private final Envelope[] envelopes;
  private final PointOnGeometryLocator[] locators;

  /** Builds the reference over the cells (any order; they are sorted by code). */
  public ReferenceLocator(Collection<GridCell> cells) {
    this.cells = CellLocator.sortByCode(cells);
    this.envelopes = new Envelope[this.cells.size()];
    this.locators = new PointOnGeometryLocator[this.cells.size()];
    for (int i = 0; i < this.cells.size(); i++) {
      Geometry area = polygonalPart(this.cells.get(i).geometry());
      envelopes[i] = area.getEnvelopeInternal();
      locators[i] = new IndexedPointInAreaLocator(area);
    }
  }

  @Override
  public int locate(double lon, double lat) {
    if (!Double.isFinite(lon) || !Double.isFinite(lat)) {
      return -1;
    }
    Coordinate p = new Coordinate(lon, lat);
    for (int i = 0; i < locators.length; i++) {
      if (envelopes[i].covers(lon, lat) && locators[i].locate(p) != Location.EXTERIOR) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public GridCell cell(int index) {
    return cells.get(index);
  }

  @Override
  public int size() {
    return cells.size();
  }

  /**
   * The polygonal part of a cell geometry: the geometry itself when it is a (Multi)Polygon,
   * otherwise a MultiPolygon of the polygons it contains (stray points and lines cover nothing).
   */
  static Geometry polygonalPart(Geometry g) {
    if (g instanceof Polygonal) {
      return g;
    }
    @SuppressWarnings("unchecked")
    List<Polygon> polygons = PolygonExtracter.getPolygons(g);
    return g.getFactory().createMultiPolygon(polygons.toArray(new Polygon[0]));
  }
}
