package io.gridwatch.geo.demo;

import io.gridwatch.geo.model.GridCell;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;

/**
 * Writes grid cells as a compact, deterministic GeoJSON FeatureCollection: features sorted by
 * code, one per line, properties {@code code, level, name, parentCode}, coordinates with at most
 * 7 decimals (trailing zeros dropped), exterior rings counter-clockwise and holes clockwise as
 * RFC 7946 asks, each ring starting at its smallest vertex and parts in JTS's normal order. Equal
 * cells always give the same bytes. Stateless and thread-safe.
 */
public final class GridGeoJsonWriter {
  private static final long SCALE = 10_000_000L;

  private GridGeoJsonWriter() {}

  /** UTF-8 GeoJSON of the cells. */
  public static byte[] write(List<GridCell> cells) {
    List<GridCell> sorted = new ArrayList<>(cells);
    sorted.sort(Comparator.comparing(GridCell::code));
    StringBuilder sb = new StringBuilder(1 << 20);
    sb.append("{\"type\":\"FeatureCollection\",\"features\":[\n");
    for (int i = 0; i < sorted.size(); i++) {
      GridCell c = sorted.get(i);
      sb.append("{\"type\":\"Feature\",\"properties\":{\"code\":");
      string(sb, c.code());
      sb.append(",\"level\":").append(c.level()).append(",\"name\":");
      string(sb, c.name());
      sb.append(",\"parentCode\":");
      if (c.parentCode() == null) {
        sb.append("null");
      } else {
        string(sb, c.parentCode());
      }
      sb.append("},\"geometry\":");
      // Canonical form: components sorted, every ring starting at its smallest vertex, so that
      // equal geometries print equally however they were built.
      geometry(sb, c.geometry().norm());
      sb.append('}');
      if (i < sorted.size() - 1) {
        sb.append(',');
      }
      sb.append('\n');
    }
    sb.append("]}\n");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void geometry(StringBuilder sb, Geometry g) {
    if (g instanceof Polygon p) {
      sb.append("{\"type\":\"Polygon\",\"coordinates\":");
      polygon(sb, p);
      sb.append('}');
    } else if (g instanceof MultiPolygon mp) {
      if (mp.getNumGeometries() == 1) {
        geometry(sb, mp.getGeometryN(0));
        return;
      }
      sb.append("{\"type\":\"MultiPolygon\",\"coordinates\":[");
      for (int i = 0; i < mp.getNumGeometries(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        polygon(sb, (Polygon) mp.getGeometryN(i));
      }
      sb.append("]}");
    } else {
      throw new IllegalArgumentException("not polygonal: " + g.getGeometryType());
    }
  }

  private static void polygon(StringBuilder sb, Polygon p) {
    sb.append('[');
    ring(sb, p.getExteriorRing(), true);
    for (int i = 0; i < p.getNumInteriorRing(); i++) {
      sb.append(',');
      ring(sb, p.getInteriorRingN(i), false);
    }
    sb.append(']');
  }

  private static void ring(StringBuilder sb, LinearRing r, boolean ccw) {
    CoordinateSequence seq = r.getCoordinateSequence();
    boolean reverse = Orientation.isCCW(seq) != ccw;
    int n = seq.size();
    sb.append('[');
    for (int k = 0; k < n; k++) {
      int i = reverse ? n - 1 - k : k;
      if (k > 0) {
        sb.append(',');
      }
      sb.append('[');
      number(sb, seq.getX(i));
      sb.append(',');
      number(sb, seq.getY(i));
      sb.append(']');
    }
    sb.append(']');
  }

  /** Fixed-point with up to 7 decimals, no exponent, no trailing zeros. */
  static void number(StringBuilder sb, double v) {
    long k = Math.round(v * SCALE);
    if (k < 0) {
      sb.append('-');
      k = -k;
    }
    sb.append(k / SCALE);
    long frac = k % SCALE;
    if (frac != 0) {
      String digits = Long.toString(frac + SCALE).substring(1);
      int end = digits.length();
      while (digits.charAt(end - 1) == '0') {
        end--;
      }
      sb.append('.').append(digits, 0, end);
    }
  }

  private static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        default -> {
          if (ch < 0x20) {
            sb.append(String.format("\\u%04x", (int) ch));
          } else {
            sb.append(ch);
          }
        }
      }
    }
    sb.append('"');
  }
}
