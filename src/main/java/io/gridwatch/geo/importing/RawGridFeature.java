package io.gridwatch.geo.importing;

import java.util.Objects;
import org.locationtech.jts.geom.Geometry;

/**
 * One feature as read from an import file, before any checks against the grid.
 *
 * <p>The geometry is a {@code Polygon} or {@code MultiPolygon} in WGS84 longitude/latitude whose
 * coordinates are finite and in range and whose rings are closed, but which may still be invalid
 * (self-intersections, repeated points): {@link GridImportPlanner} repairs it.
 *
 * @param index position of the feature in the file (0-based), for messages
 * @param code the cell code, all digits
 * @param name the cell name
 * @param parentCode as given in the file or derived from the code ({@code null} for a 6-digit code)
 * @param geometry polygonal, lon/lat
 */
public record RawGridFeature(
    int index, String code, String name, String parentCode, Geometry geometry) {
  public RawGridFeature {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(geometry, "geometry");
  }

  /**
   * The parent code implied by a code's length under the 6+3+3(+2) layout: the first 6 digits of a
   * 9-digit code, the first 9 of a 12-digit code, the first 12 of a 14-digit code; {@code null}
   * otherwise.
   */
  public static String derivedParentCode(String code) {
    return switch (code.length()) {
      case 9 -> code.substring(0, 6);
      case 12 -> code.substring(0, 9);
      case 14 -> code.substring(0, 12);
      default -> null;
    };
  }
}
