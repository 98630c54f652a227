package io.gridwatch.geo.model;

import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

/**
 * Exact area on the sphere of a polygon whose edges are straight lines in longitude/latitude, as
 * JTS and GeoJSON draw them: the integral of R² cos φ dλ dφ over the region, computed edge by edge
 * with Green's theorem, ∮ R² sin φ dλ, where along an edge sin φ integrates in closed form.
 *
 * <p>Why not a projection: overlaps and gaps are slivers a few millimetres wide and kilometres
 * long whose two sides differ only by vertices placed along one of them. Any non-affine
 * projection bends an edge between its vertices, by about a metre over ten kilometres, and so
 * reports such a 30 m² sliver as tens of thousands of square metres (a sinusoidal projection
 * centred on longitude 0 does, at Chengdu's 104° E). This
 * integral has no such error, depends on longitude differences only, and agrees with the
 * sinusoidal area of large cells. Stateless and thread-safe.
 */
public final class LonLatArea {
  private LonLatArea() {}

  /** Area in square metres of the polygonal parts of a lon/lat geometry (0 for others). */
  public static double squareMetres(Geometry g) {
    double sum = 0;
    for (int i = 0; i < g.getNumGeometries(); i++) {
      Geometry part = g.getGeometryN(i);
      if (part instanceof Polygon p) {
        sum += Math.abs(ring(p.getExteriorRing().getCoordinateSequence()));
        for (int h = 0; h < p.getNumInteriorRing(); h++) {
          sum -= Math.abs(ring(p.getInteriorRingN(h).getCoordinateSequence()));
        }
      } else if (part != g) {
        sum += squareMetres(part);
      }
    }
    return sum;
  }

  /** Signed area of one closed ring (positive when counter-clockwise). */
  static double ring(CoordinateSequence seq) {
    int n = seq.size();
    if (n < 4) {
      return 0;
    }
    // sin φ is integrated relative to the first vertex's, which leaves the sum unchanged on a
    // closed ring (Σ Δλ = 0) and keeps the terms small.
    double sin0 = Math.sin(Math.toRadians(seq.getY(0)));
    double sum = 0;
    for (int i = 0; i < n - 1; i++) {
      double l1 = Math.toRadians(seq.getX(i));
      double p1 = Math.toRadians(seq.getY(i));
      double l2 = Math.toRadians(seq.getX(i + 1));
      double p2 = Math.toRadians(seq.getY(i + 1));
      double half = (p2 - p1) / 2;
      // ∫ sin φ dλ along the edge = Δλ · sin(φ mid) · sin(Δφ/2) / (Δφ/2)
      double sinc = half == 0 ? 1 : Math.sin(half) / half;
      sum += (l2 - l1) * (Math.sin(p1 + half) * sinc - sin0);
    }
    double r = GeoMath.EARTH_RADIUS_M;
    // Green: area = -∮ sin φ dλ for a counter-clockwise ring.
    return -sum * r * r;
  }
}
