package io.gridwatch.geo.model;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;

/**
 * Metric measures on WGS84 longitude/latitude geometries, accurate to well under 1% at the
 * scale of a city (tens of kilometres), which is all the grid needs: edge and snap distances of
 * tens to hundreds of metres, and areas of overlaps and gaps.
 *
 * <p>Distances use a local equirectangular approximation around the query point; areas are
 * integrated on the sphere. Stateless and thread-safe.
 */
public final class GeoMath {
  /** Mean Earth radius in metres (IUGG). */
  public static final double EARTH_RADIUS_M = 6_371_008.8;
  /** Metres per degree of latitude (and of longitude at the equator) on the mean sphere. */
  public static final double METRES_PER_DEGREE = Math.PI * EARTH_RADIUS_M / 180.0;

  private GeoMath() {}

  /** Metres per degree of longitude at the given latitude. */
  public static double metresPerDegreeLon(double latDeg) {
    return METRES_PER_DEGREE * Math.cos(Math.toRadians(latDeg));
  }

  /**
   * Distance in metres from point (px, py) to the segment (ax, ay)-(bx, by), all in degrees,
   * measured in the tangent plane at the point. Allocation-free.
   */
  public static double pointSegmentMetres(
      double px, double py, double ax, double ay, double bx, double by) {
    double kx = metresPerDegreeLon(py);
    double ky = METRES_PER_DEGREE;
    double x1 = (ax - px) * kx, y1 = (ay - py) * ky;
    double x2 = (bx - px) * kx, y2 = (by - py) * ky;
    double dx = x2 - x1, dy = y2 - y1;
    double len2 = dx * dx + dy * dy;
    double t = len2 == 0 ? 0 : -(x1 * dx + y1 * dy) / len2;
    if (t < 0) {
      t = 0;
    } else if (t > 1) {
      t = 1;
    }
    double cx = x1 + t * dx, cy = y1 + t * dy;
    return Math.sqrt(cx * cx + cy * cy);
  }

  /** Great-circle distance in metres between two lon/lat points (haversine). */
  public static double haversineMetres(double lon1, double lat1, double lon2, double lat2) {
    double p1 = Math.toRadians(lat1), p2 = Math.toRadians(lat2);
    double dp = p2 - p1, dl = Math.toRadians(lon2 - lon1);
    double a = Math.sin(dp / 2) * Math.sin(dp / 2)
        + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
    return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
  }

  /**
   * Area in square metres of a lon/lat (multi)polygon, exact on the sphere for edges that are
   * straight in lon/lat (see {@link LonLatArea}).
   */
  public static double areaSquareMetres(Geometry lonLat) {
    return LonLatArea.squareMetres(lonLat);
  }

  /**
   * Rounds a coordinate in place to {@code decimals} decimal places (7 ≈ 1 cm). Only for a
   * {@link Coordinate} the caller owns: a geometry's vertices must be changed through {@code
   * CoordinateSequence.setOrdinate} (a {@code CoordinateSequenceFilter}), since a packed sequence
   * hands out copies and would silently keep its values (issue 10, see {@code Crs.toWgs84}).
   */
  public static void round(Coordinate c, int decimals) {
    double f = Math.pow(10, decimals);
    c.x = Math.round(c.x * f) / f;
    c.y = Math.round(c.y * f) / f;
  }
}
