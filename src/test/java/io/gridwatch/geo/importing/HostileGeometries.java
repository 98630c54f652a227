package io.gridwatch.geo.importing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;

/**
 * The hostile files of issue 10, generated: the self-intersecting star and the zig-zag comb, as
 * JTS polygons and as GeoJSON FeatureCollections of one feature. Test helper; thread-safe.
 */
public final class HostileGeometries {
  private static final GeometryFactory GF = new GeometryFactory(new PrecisionModel(), 4326);

  private HostileGeometries() {}

  /**
   * The star of issue 10: {@code n} vertices, vertex i at angle 2π·(i·step mod n)/n on a circle of
   * {@code radius} degrees around (lon, lat), closed. With n = 20,001 and step = 9,999 every edge
   * crosses almost every other: about 10⁸ self-intersections.
   */
  public static Polygon star(int n, int step, double lon, double lat, double radius) {
    Coordinate[] c = new Coordinate[n + 1];
    for (int i = 0; i < n; i++) {
      double a = 2 * Math.PI * ((long) i * step % n) / n;
      c[i] = new Coordinate(lon + radius * Math.cos(a), lat + radius * Math.sin(a));
    }
    c[n] = c[0].copy();
    return GF.createPolygon(c);
  }

  /** The star of issue 10: 20,001 vertices, step 9,999, radius 0.01° around (104.08, 30.655). */
  public static Polygon issueStar() {
    return star(20_001, 9_999, 104.08, 30.655, 0.01);
  }

  /**
   * A comb: a valid polygon whose top edge zig-zags between {@code top} and {@code top - depth}
   * in {@code teeth} teeth from {@code west} to {@code east}, over a base at {@code bottom}.
   * Vertices: 2·teeth + 3.
   */
  public static Polygon comb(
      int teeth, double west, double east, double bottom, double top, double depth) {
    List<Coordinate> c = new ArrayList<>(2 * teeth + 3);
    c.add(new Coordinate(west, bottom));
    c.add(new Coordinate(east, bottom));
    double dx = (east - west) / teeth;
    for (int i = teeth; i >= 0; i--) {
      double x = west + i * dx;
      c.add(new Coordinate(x, top));
      if (i > 0) {
        c.add(new Coordinate(x - dx / 2, top - depth));
      }
    }
    c.add(new Coordinate(west, bottom));
    return GF.createPolygon(c.toArray(Coordinate[]::new));
  }

  /** A one-feature GeoJSON FeatureCollection, 7 decimals per coordinate. */
  public static byte[] featureCollection(String code, String name, Polygon polygon) {
    StringBuilder s = new StringBuilder(polygon.getNumPoints() * 26 + 200);
    s.append("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":")
        .append("{\"code\":\"").append(code).append("\",\"name\":\"").append(name).append("\"},")
        .append("\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[");
    Coordinate[] cs = polygon.getExteriorRing().getCoordinates();
    for (int i = 0; i < cs.length; i++) {
      s.append(i == 0 ? "" : ",")
          .append(String.format(Locale.ROOT, "[%.7f,%.7f]", cs[i].x, cs[i].y));
    }
    s.append("]]}}]}");
    return s.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
