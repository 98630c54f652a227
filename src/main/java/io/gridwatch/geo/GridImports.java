package io.gridwatch.geo;

import io.gridwatch.geo.importing.GeoJsonGridReader;
import io.gridwatch.geo.importing.GeoPackageGridReader;
import io.gridwatch.geo.importing.GridImportException;
import io.gridwatch.geo.importing.ImportPlan;
import io.gridwatch.geo.importing.RawGridFeature;
import io.gridwatch.http.ApiException;
import io.gridwatch.http.FieldError;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The glue between the import pipeline ({@code geo.importing}, plain Java) and the server:
 * reading files, rendering the report, and turning the pipeline's exceptions into API problems.
 * The readers block: call them on a worker thread.
 */
public final class GridImports {
  private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

  private GridImports() {}

  /** Parses a GeoJSON FeatureCollection with the default limits. Blocking (CPU). */
  public static List<RawGridFeature> readGeoJson(byte[] bytes) {
    return new GeoJsonGridReader().read(bytes);
  }

  /** Reads the features of a GeoPackage file. Blocking (file I/O). */
  public static List<RawGridFeature> readGeoPackage(Path file) {
    return new GeoPackageGridReader().read(file);
  }

  /** Whether an upload is an SQLite (GeoPackage) file, whatever its content type says. */
  public static boolean looksLikeSqlite(Buffer body) {
    if (body.length() < SQLITE_MAGIC.length) {
      return false;
    }
    for (int i = 0; i < SQLITE_MAGIC.length; i++) {
      if (body.getByte(i) != SQLITE_MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  /** The JSON report of a plan (before anything is written). */
  public static JsonObject report(ImportPlan plan) {
    return new JsonObject(plan.report());
  }

  /** Turns the pipeline's refusal of a file into the matching 4xx problem; passes others on. */
  public static <T> Future<T> translate(Throwable failure) {
    if (failure instanceof GridImportException e) {
      List<FieldError> errors = e.errors().stream().map(x -> new FieldError(x.field(), x.message())).toList();
      String title = switch (e.status()) {
        case 400 -> "Unreadable grid file";
        case 413 -> "Grid file too large";
        default -> GridImportException.PROBLEM_BUDGET_EXCEEDED.equals(e.problem())
            ? "Grid file over an import budget" : "Invalid grid file";
      };
      return Future.failedFuture(new ApiException(e.status(), e.problem(), title, e.getMessage(), errors));
    }
    return Future.failedFuture(failure);
  }
}
