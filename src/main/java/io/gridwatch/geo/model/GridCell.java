package io.gridwatch.geo.model;

import java.util.Objects;
import org.locationtech.jts.geom.Geometry;

/**
 * One cell of the three-level grid (网格): a district (level 1, 6-digit GB/T 2260 code), a
 * township or street (level 2, 9 digits) or a village, community or park (level 3, 12 digits).
 *
 * <p>The geometry is a valid {@code Polygon} or {@code MultiPolygon} in WGS84 longitude/latitude
 * (x = longitude, y = latitude). {@code parentCode} is {@code null} for level 1.
 *
 * <p>Immutable and safe to share between threads, provided nobody mutates the geometry after
 * construction (JTS geometries are mutable objects; GridWatch never changes one once built).
 */
public record GridCell(String code, int level, String name, String parentCode, Geometry geometry) {
  public GridCell {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(geometry, "geometry");
    if (level < 1) {
      throw new IllegalArgumentException("level must be 1 or more, was " + level);
    }
  }
}
