package io.gridwatch.geo.crs;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Geometry;

/**
 * The coordinate reference systems a client may send a location in (API field {@code crs}).
 * Every location is longitude first, latitude second, in degrees. The grid itself is stored in
 * {@link #WGS84}; convert with {@link #toWgs84} on the way in and {@link #fromWgs84} on the way
 * out.
 *
 * <p>Accuracy of each conversion against WGS84:
 * <ul>
 *   <li>{@link #WGS84}: identity.
 *   <li>{@link #CGCS2000}: identity. CGCS2000 (China Geodetic Coordinate System 2000) is an
 *       ITRF97-based frame on an ellipsoid that differs from WGS84's only in the flattening
 *       (1/298.257222101 vs 1/298.257223563), which moves a latitude by at most 0.1 mm; the two
 *       frames agree to a few centimetres, far below the metre-scale accuracy of any location a
 *       phone reports.
 *   <li>{@link #GCJ02}: the public "eviltransform" formula (see {@link ChinaOffsets}); the
 *       forward direction is exact to the formula, the inverse reproduces it far better than the
 *       1 cm we promise (worst round trip over 100,000 random points in China: 6e-12 degrees,
 *       about a micrometre). The formula itself matches the official obfuscation only to about
 *       1 m. Outside China's rough bounding box it is the identity.
 *   <li>{@link #BD09}: GCJ-02 followed by Baidu's standard formula; same accuracy as GCJ-02
 *       (worst round trip 2e-11 degrees).
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public enum Crs {
  /** WGS84 longitude/latitude (GPS, GeoJSON, OpenStreetMap). */
  WGS84,
  /** GCJ-02 "Mars coordinates" (AMap/Gaode, Tencent, Google Maps in China). */
  GCJ02,
  /** BD-09 (Baidu Maps). */
  BD09,
  /** CGCS2000 geographic coordinates (Chinese official surveying); treated as WGS84. */
  CGCS2000;

  /**
   * Parses a CRS name case-insensitively, ignoring surrounding blanks; {@code null} or blank
   * yields the API default {@link #WGS84}.
   *
   * @throws IllegalArgumentException naming the allowed values when the name is unknown
   */
  public static Crs parse(String name) {
    if (name == null || name.isBlank()) {
      return WGS84;
    }
    String n = name.trim().toUpperCase(Locale.ROOT);
    for (Crs c : values()) {
      if (c.name().equals(n)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "unknown crs '" + name + "', expected one of "
            + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
  }

  /** Converts a point of this CRS to WGS84; returns a new {@code {lon, lat}} array. */
  public double[] toWgs84(double lon, double lat) {
    switch (this) {
      case GCJ02:
        return ChinaOffsets.gcj02ToWgs84(lon, lat);
      case BD09: {
        double[] g = ChinaOffsets.bd09ToGcj02(lon, lat);
        return ChinaOffsets.gcj02ToWgs84(g[0], g[1]);
      }
      case WGS84:
      case CGCS2000:
      default:
        return new double[] {lon, lat};
    }
  }

  /** Converts a WGS84 point to this CRS; returns a new {@code {lon, lat}} array. */
  public double[] fromWgs84(double lon, double lat) {
    switch (this) {
      case GCJ02:
        return ChinaOffsets.wgs84ToGcj02(lon, lat);
      case BD09: {
        double[] g = ChinaOffsets.wgs84ToGcj02(lon, lat);
        return ChinaOffsets.gcj02ToBd09(g[0], g[1]);
      }
      case WGS84:
      case CGCS2000:
      default:
        return new double[] {lon, lat};
    }
  }

  /**
   * A copy of a geometry given in this CRS, converted vertex by vertex to WGS84. Equal input
   * vertices give equal output vertices, so shared edges stay shared. The input is not changed.
   *
   * <p>Works for every JTS {@link CoordinateSequence} implementation: the conversion writes
   * through {@link CoordinateSequence#setOrdinate}, never into {@link
   * org.locationtech.jts.geom.Coordinate} objects handed out by the sequence. (A {@code
   * CoordinateFilter} that assigns {@code c.x} only works on {@code CoordinateArraySequence};
   * a {@code PackedCoordinateSequence}, which {@code GeoJsonGridReader} builds, hands out copies
   * and silently keeps its old values. That bug left the demo grid in GCJ-02 until issue 10.)
   * Z and M ordinates, if any, are kept. Thread-safe: it touches only the fresh copy.
   */
  public Geometry toWgs84(Geometry geometry) {
    Geometry out = geometry.copy();
    if (this == WGS84 || this == CGCS2000) {
      return out;
    }
    out.apply(new ToWgs84(this));
    return out;
  }

  /**
   * Converts each vertex of the sequences it visits from a CRS to WGS84, in place, through
   * {@link CoordinateSequence#setOrdinate} so that every sequence type keeps the change. Not
   * thread-safe; one instance per conversion.
   */
  private static final class ToWgs84 implements CoordinateSequenceFilter {
    private final Crs from;

    ToWgs84(Crs from) {
      this.from = from;
    }

    @Override
    public void filter(CoordinateSequence seq, int i) {
      double[] w = from.toWgs84(seq.getX(i), seq.getY(i));
      seq.setOrdinate(i, CoordinateSequence.X, w[0]);
      seq.setOrdinate(i, CoordinateSequence.Y, w[1]);
    }

    @Override
    public boolean isDone() {
      return false;
    }

    @Override
    public boolean isGeometryChanged() {
      // Makes Geometry.apply call geometryChanged(), dropping cached envelopes of every part.
      return true;
    }
  }
}
