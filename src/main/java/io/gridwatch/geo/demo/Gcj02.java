package io.gridwatch.geo.demo;

import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.util.GeometryTransformer;

/**
 * GCJ-02 ("Mars coordinates", the obfuscated datum of AMap and other Chinese web maps) to WGS84,
 * for the demo grid's source boundaries, which come from AMap.
 *
 * <p>The forward transform (WGS84 → GCJ-02) is the widely published polynomial-and-sine offset
 * on the Krasovsky ellipsoid; the inverse is found by fixed-point iteration to 1e-10 degree.
 * Within China the offset is up to several hundred metres (about 240 m east and 270 m south at
 * Chengdu). Uses {@link StrictMath} so that results are identical on every JVM, which keeps the
 * generated grid byte-for-byte reproducible. Stateless and thread-safe.
 */
final class Gcj02 {
  private static final double A = 6378245.0;
  private static final double EE = 0.00669342162296594323;

  private Gcj02() {}

  /** WGS84 → GCJ-02, as {lon, lat}. */
  static double[] fromWgs84(double lon, double lat) {
    double dLat = offsetLat(lon - 105.0, lat - 35.0);
    double dLon = offsetLon(lon - 105.0, lat - 35.0);
    double radLat = lat / 180.0 * StrictMath.PI;
    double magic = StrictMath.sin(radLat);
    magic = 1 - EE * magic * magic;
    double sqrtMagic = StrictMath.sqrt(magic);
    dLat = (dLat * 180.0) / ((A * (1 - EE)) / (magic * sqrtMagic) * StrictMath.PI);
    dLon = (dLon * 180.0) / (A / sqrtMagic * StrictMath.cos(radLat) * StrictMath.PI);
    return new double[] {lon + dLon, lat + dLat};
  }

  /** GCJ-02 → WGS84, as {lon, lat}, by iterating the forward transform. */
  static double[] toWgs84(double lon, double lat) {
    double wLon = lon;
    double wLat = lat;
    for (int i = 0; i < 30; i++) {
      double[] g = fromWgs84(wLon, wLat);
      double eLon = lon - g[0];
      double eLat = lat - g[1];
      wLon += eLon;
      wLat += eLat;
      if (Math.abs(eLon) < 1e-10 && Math.abs(eLat) < 1e-10) {
        break;
      }
    }
    return new double[] {wLon, wLat};
  }

  /** A copy of a GCJ-02 geometry in WGS84. Equal input vertices give equal output vertices. */
  static Geometry toWgs84(Geometry gcj) {
    return new GeometryTransformer() {
      @Override
      protected CoordinateSequence transformCoordinates(CoordinateSequence coords, Geometry parent) {
        CoordinateSequence out = coords.copy();
        for (int i = 0; i < out.size(); i++) {
          double[] w = toWgs84(out.getX(i), out.getY(i));
          out.setOrdinate(i, 0, w[0]);
          out.setOrdinate(i, 1, w[1]);
        }
        return out;
      }
    }.transform(gcj);
  }

  private static double offsetLat(double x, double y) {
    double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y
        + 0.2 * StrictMath.sqrt(Math.abs(x));
    r += (20.0 * StrictMath.sin(6.0 * x * StrictMath.PI)
        + 20.0 * StrictMath.sin(2.0 * x * StrictMath.PI)) * 2.0 / 3.0;
    r += (20.0 * StrictMath.sin(y * StrictMath.PI)
        + 40.0 * StrictMath.sin(y / 3.0 * StrictMath.PI)) * 2.0 / 3.0;
    r += (160.0 * StrictMath.sin(y / 12.0 * StrictMath.PI)
        + 320 * StrictMath.sin(y * StrictMath.PI / 30.0)) * 2.0 / 3.0;
    return r;
  }

  private static double offsetLon(double x, double y) {
    double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y
        + 0.1 * StrictMath.sqrt(Math.abs(x));
    r += (20.0 * StrictMath.sin(6.0 * x * StrictMath.PI)
        + 20.0 * StrictMath.sin(2.0 * x * StrictMath.PI)) * 2.0 / 3.0;
    r += (20.0 * StrictMath.sin(x * StrictMath.PI)
        + 40.0 * StrictMath.sin(x / 3.0 * StrictMath.PI)) * 2.0 / 3.0;
    r += (150.0 * StrictMath.sin(x / 12.0 * StrictMath.PI)
        + 300.0 * StrictMath.sin(x / 30.0 * StrictMath.PI)) * 2.0 / 3.0;
    return r;
  }
}
