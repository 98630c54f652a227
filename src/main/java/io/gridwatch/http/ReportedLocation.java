package io.gridwatch.http;

import io.gridwatch.geo.crs.Crs;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * Where someone in the field says they are, as a request body gives it: {@code {lon, lat, crs?,
 * accuracyMeters?}}, converted to WGS84. The one reading of a reported location for every endpoint
 * that takes one (a check-in on a case, an arrival at a mass incident). Immutable.
 *
 * @param lon WGS84 longitude
 * @param lat WGS84 latitude
 * @param accuracyMeters the device's accuracy, when given
 */
public record ReportedLocation(double lon, double lat, Double accuracyMeters) {
  private static final Set<String> FIELDS = Set.of("lon", "lat", "crs", "accuracyMeters");

  /**
   * The location in {@code field} of {@code body}; null when the field is absent or wrong, every
   * wrong part recorded on {@code body} (so {@code body.errors()} tells the two apart).
   */
  public static ReportedLocation read(JsonBody body, String field) {
    Object v = body.value(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof JsonObject loc)) {
      body.error(field, "must be an object {lon, lat, crs?, accuracyMeters?}");
      return null;
    }
    for (String key : loc.fieldNames()) {
      if (!FIELDS.contains(key)) {
        body.error(field + "." + key, "is not a field of location; expected lon, lat, crs, accuracyMeters");
      }
    }
    Double lon = loc.getValue("lon") instanceof Number n ? n.doubleValue() : null;
    Double lat = loc.getValue("lat") instanceof Number n ? n.doubleValue() : null;
    String lonProblem = lon == null ? "is required: a number" : Coordinates.longitudeProblem(lon);
    String latProblem = lat == null ? "is required: a number" : Coordinates.latitudeProblem(lat);
    if (lonProblem != null) {
      body.error(field + ".lon", lonProblem);
    }
    if (latProblem != null) {
      body.error(field + ".lat", latProblem);
    }
    Crs crs = Crs.WGS84;
    if (loc.getValue("crs") != null) {
      try {
        crs = Crs.parse(String.valueOf(loc.getValue("crs")));
      } catch (IllegalArgumentException e) {
        body.error(field + ".crs", "must be one of WGS84, GCJ02, BD09, CGCS2000");
        crs = null;
      }
    }
    Double accuracy = null;
    if (loc.getValue("accuracyMeters") != null) {
      if (!(loc.getValue("accuracyMeters") instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() > 100_000) {
        body.error(field + ".accuracyMeters", "must be a number of metres within 0..100000");
      } else {
        accuracy = n.doubleValue();
      }
    }
    if (lonProblem != null || latProblem != null || crs == null) {
      return null;
    }
    double[] wgs = crs.toWgs84(lon, lat);
    return new ReportedLocation(wgs[0], wgs[1], accuracy);
  }
}
