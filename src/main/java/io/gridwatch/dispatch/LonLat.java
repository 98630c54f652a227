package io.gridwatch.dispatch;

/**
 * A WGS84 point, longitude before latitude (shared/API.md). Immutable and thread-safe.
 *
 * @param lon longitude in degrees, -180..180
 * @param lat latitude in degrees, -90..90
 */
public record LonLat(double lon, double lat) {
  public LonLat {
    if (!(lon >= -180 && lon <= 180)) {
      throw new IllegalArgumentException("lon " + lon + " outside -180..180");
    }
    if (!(lat >= -90 && lat <= 90)) {
      throw new IllegalArgumentException("lat " + lat + " outside -90..90");
    }
  }
}
