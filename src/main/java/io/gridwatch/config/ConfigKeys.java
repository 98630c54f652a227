package io.gridwatch.config;

import java.util.Locale;

/**
 * The configuration keys. Each key can be set in a config file ({@code --config FILE}, JSON or
 * .properties) and overridden by an environment variable named {@code GRIDWATCH_} + the key in
 * upper snake case: {@code grid.snapMeters} → {@code GRIDWATCH_GRID_SNAP_METERS}.
 */
public final class ConfigKeys {
  public static final String HTTP_PORT = "http.port";
  public static final String HTTP_HOST = "http.host";
  public static final String HTTP_MAX_BODY_BYTES = "http.maxBodyBytes";
  public static final String HTTP_REQUEST_TIMEOUT_MS = "http.requestTimeoutMs";
  public static final String DB_URL = "db.url";
  public static final String DB_POOL_SIZE = "db.poolSize";
  public static final String DATA_DIR = "data.dir";
  public static final String GRID_SEED_DIR = "grid.seedDir";
  public static final String GRID_SEED_ON_EMPTY = "grid.seedOnEmpty";
  public static final String GRID_BOUNDARY_METERS = "grid.boundaryMeters";
  public static final String GRID_SNAP_METERS = "grid.snapMeters";
  public static final String GRID_MAX_BATCH_POINTS = "grid.maxBatchPoints";
  public static final String GRID_MAX_IMPORT_BYTES = "grid.maxImportBytes";

  private ConfigKeys() {}

  /** The environment variable that overrides {@code key}. */
  public static String envName(String key) {
    StringBuilder out = new StringBuilder("GRIDWATCH_");
    for (char c : key.toCharArray()) {
      if (c == '.') {
        out.append('_');
      } else if (Character.isUpperCase(c)) {
        out.append('_').append(c);
      } else {
        out.append(Character.toUpperCase(c));
      }
    }
    return out.toString().toUpperCase(Locale.ROOT);
  }
}
