package io.gridwatch.geo;

import io.gridwatch.auth.CurrentUser;
import io.gridwatch.config.GridWatchConfig;
import io.gridwatch.geo.crs.Crs;
import io.gridwatch.geo.model.GridCell;
import io.gridwatch.geo.store.GridStore;
import io.gridwatch.http.Respond;
import io.gridwatch.http.ApiException;
import io.gridwatch.http.Coordinates;
import io.gridwatch.http.Endpoint;
import io.gridwatch.http.FieldError;
import io.gridwatch.http.HttpServerVerticle;
import io.gridwatch.http.JsonBody;
import io.gridwatch.http.Params;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The grid's HTTP API: cells as GeoJSON, point resolution (single and batch), cell history,
 * imports and their generations. Reads come from the in-memory {@link GridSnapshot}; single
 * resolutions are cheap enough for the event loop, batches run on a worker.
 */
public final class GridEndpoint implements Endpoint {
  static final String CODE_PATTERN = "[0-9]{6}([0-9]{3}){0,2}([0-9]{2})?";
  private final GridService grid;
  private final GridStore store;
  private final GridWatchConfig config;

  public GridEndpoint(GridService grid, GridStore store, GridWatchConfig config) {
    this.grid = grid;
    this.store = store;
    this.config = config;
  }

  @Override
  public void addRoutes(Router router) {
    router.post("/api/grid/import")
        .handler(BodyHandler.create(false).setBodyLimit(config.gridMaxImportBytes()))
        .handler(this::importCells);
    router.get("/api/grid/cells").handler(this::cells);
    router.get("/api/grid/cells/:code").handler(this::cell);
    router.get("/api/grid/cells/:code/versions").handler(this::versions);
    router.get("/api/grid/resolve").handler(this::resolveOne);
    router.post("/api/grid/resolve").handler(HttpServerVerticle.jsonBodyHandler(config)).handler(this::resolveBatch);
    router.get("/api/grid/generations").handler(this::generations);
    router.get("/api/grid/generations/:id").handler(this::generation);
  }

  private void cells(RoutingContext ctx) {
    Params p = new Params(ctx);
    Integer level = p.optionalInt("level", 1, 4);
    String parent = p.optionalText("parent", CODE_PATTERN, "a grid code (6, 9, 12 or 14 digits)");
    p.validate();
    GridSnapshot snap = grid.snapshot();
    String etag = "\"grid-" + snap.version() + "-" + level + "-" + parent + "\"";
    if (etag.equals(ctx.request().getHeader("If-None-Match"))) {
      ctx.response().setStatusCode(304).putHeader("ETag", etag).end();
      return;
    }
    List<GridCell> cells = snap.resolver().cells(level, parent);
    ctx.response()
        .putHeader("Content-Type", "application/geo+json")
        .putHeader("ETag", etag)
        .putHeader("Cache-Control", "no-cache")
        .end(snap.featureCollection(cells));
  }

  private void cell(RoutingContext ctx) {
    String code = pathCode(ctx);
    Params p = new Params(ctx);
    OffsetDateTime when = p.optionalTime("at");
    p.validate();
    if (when != null) {
      store.versions(code).onComplete(Respond.to(ctx, result -> {
        Optional<GridStore.CellVersion> version = result.stream()
            .filter(v -> !v.validFrom().isAfter(when) && (v.validTo() == null || v.validTo().isAfter(when)))
            .findFirst();
        if (version.isEmpty()) {
          ctx.fail(cellNotFound(code, " at " + when));
        } else {
          json(ctx, versionJson(version.get()));
        }
      }));
      return;
    }
    GridSnapshot snap = grid.snapshot();
    String feature = snap.featureJson(code);
    if (feature == null) {
      throw cellNotFound(code, "");
    }
    ctx.response().putHeader("Content-Type", "application/geo+json").end(feature);
  }

  private void versions(RoutingContext ctx) {
    String code = pathCode(ctx);
    store.versions(code).onComplete(Respond.to(ctx, result -> {
      if (result.isEmpty()) {
        ctx.fail(cellNotFound(code, ""));
      } else {
        JsonArray out = new JsonArray();
        result.forEach(v -> out.add(versionJson(v)));
        json(ctx, new JsonObject().put("code", code).put("versions", out));
      }
    }));
  }

  private static JsonObject versionJson(GridStore.CellVersion v) {
    org.locationtech.jts.io.geojson.GeoJsonWriter writer = new org.locationtech.jts.io.geojson.GeoJsonWriter(7);
    writer.setEncodeCRS(false);
    return new JsonObject()
        .put("type", "Feature")
        .put("id", v.cell().code())
        .put("properties", new JsonObject()
            .put("code", v.cell().code()).put("level", v.cell().level()).put("name", v.cell().name())
            .put("parentCode", v.cell().parentCode())
            .put("versionId", v.id())
            .put("validFrom", v.validFrom().toString())
            .put("validTo", v.validTo() == null ? null : v.validTo().toString())
            .put("generationId", v.generationId())
            .put("current", v.validTo() == null))
        .put("geometry", new JsonObject(writer.write(v.cell().geometry())));
  }

  private void resolveOne(RoutingContext ctx) {
    Params p = new Params(ctx);
    double lon = p.requiredLongitude("lon");
    double lat = p.requiredLatitude("lat");
    Crs crs = crsParam(p, ctx.queryParam("crs"));
    p.validate();
    double[] wgs = crs.toWgs84(lon, lat);
    Optional<Resolution> resolution = grid.snapshot().resolver().resolve(wgs[0], wgs[1]);
    if (resolution.isEmpty()) {
      throw ApiException.notFound("outside-coverage", "Outside coverage",
          "No grid cell covers (" + lon + ", " + lat + ") " + crs + " or lies within "
              + config.gridSnapMeters() + " m of it.");
    }
    Resolution r = resolution.get();
    JsonArray cells = new JsonArray();
    r.cells().forEach(c -> cells.add(new JsonObject().put("code", c.code()).put("level", c.level()).put("name", c.name())));
    json(ctx, new JsonObject()
        .put("cells", cells)
        .put("boundary", r.boundary())
        .put("snapped", r.snapped())
        .put("distanceMeters", Math.round(r.distanceMeters() * 10) / 10.0)
        .put("wgs84", new JsonObject().put("lon", wgs[0]).put("lat", wgs[1])));
  }

  private static Crs crsParam(Params p, List<String> values) {
    if (values.isEmpty() || values.get(0).isBlank()) {
      return Crs.WGS84;
    }
    try {
      return Crs.parse(values.get(0));
    } catch (IllegalArgumentException e) {
      p.error("crs", e.getMessage());
      return Crs.WGS84;
    }
  }

  private void resolveBatch(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx).allowOnly("crs", "points");
    Crs crs = Crs.WGS84;
    Object crsValue = body.value("crs");
    if (crsValue != null) {
      try {
        crs = Crs.parse(String.valueOf(crsValue));
      } catch (IllegalArgumentException e) {
        body.error("crs", e.getMessage());
      }
    }
    Object pointsValue = body.value("points");
    if (!(pointsValue instanceof JsonArray points)) {
      body.error("points", pointsValue == null ? "is required" : "must be an array of [lon, lat] pairs");
      body.validate();
      return;
    }
    if (points.size() > config.gridMaxBatchPoints()) {
      throw new ApiException(422, "batch-too-large", "Batch too large",
          "A batch holds at most " + config.gridMaxBatchPoints() + " points; this one has " + points.size() + ".",
          List.of(new FieldError("points", "at most " + config.gridMaxBatchPoints() + " points")));
    }
    List<FieldError> errors = new ArrayList<>();
    double[] coords = new double[points.size() * 2];
    for (int i = 0; i < points.size() && errors.size() < 20; i++) {
      Object pt = points.getValue(i);
      String field = "points[" + i + "]";
      if (!(pt instanceof JsonArray pair) || pair.size() != 2
          || !(pair.getValue(0) instanceof Number) || !(pair.getValue(1) instanceof Number)) {
        errors.add(new FieldError(field, "must be [lon, lat], two numbers"));
        continue;
      }
      double lon = pair.getNumber(0).doubleValue();
      double lat = pair.getNumber(1).doubleValue();
      String lonProblem = Coordinates.longitudeProblem(lon);
      String latProblem = Coordinates.latitudeProblem(lat);
      if (lonProblem != null) {
        errors.add(new FieldError(field, "longitude " + lonProblem));
      } else if (latProblem != null) {
        errors.add(new FieldError(field, "latitude " + latProblem));
      }
      coords[2 * i] = lon;
      coords[2 * i + 1] = lat;
    }
    errors.forEach(e -> body.error(e.field(), e.message()));
    body.validate();
    Crs from = crs;
    GridResolver resolver = grid.snapshot().resolver();
    ctx.vertx().executeBlocking(() -> {
      JsonArray results = new JsonArray();
      for (int i = 0; i < coords.length; i += 2) {
        double[] wgs = from.toWgs84(coords[i], coords[i + 1]);
        Optional<Resolution> r = resolver.resolve(wgs[0], wgs[1]);
        results.add(r.map(res -> new JsonObject()
                .put("code", res.cells().get(0).code())
                .put("boundary", res.boundary())
                .put("snapped", res.snapped()))
            .orElseGet(() -> new JsonObject().putNull("code").put("boundary", false).put("snapped", false)));
      }
      return new JsonObject().put("results", results);
    }, false).onComplete(Respond.to(ctx, result -> {
      json(ctx, result);
    }));
  }

  private void importCells(RoutingContext ctx) {
    Params p = new Params(ctx);
    Integer level = p.optionalInt("level", 1, 4);
    if (level == null && ctx.queryParam("level").isEmpty()) {
      p.error("level", "is required (1 to 4)");
    }
    boolean dryRun = p.flag("dryRun");
    p.validate();
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      throw ApiException.badRequest("body", "is empty; send a GeoJSON FeatureCollection or a GeoPackage");
    }
    String contentType = Optional.ofNullable(ctx.request().getHeader("Content-Type")).orElse("").toLowerCase();
    boolean geoPackage = contentType.startsWith("application/geopackage+sqlite3")
        || GridImports.looksLikeSqlite(body);
    String source = "upload (" + (geoPackage ? "GeoPackage" : "GeoJSON") + ", " + body.length() + " bytes)";
    Future<JsonObject> result = grid.importCells(level, () -> {
      if (!geoPackage) {
        return GridImports.readGeoJson(body.getBytes());
      }
      Path tmp = Files.createTempFile("gridwatch-import-", ".gpkg");
      try {
        Files.write(tmp, body.getBytes());
        return GridImports.readGeoPackage(tmp);
      } finally {
        Files.deleteIfExists(tmp);
      }
    }, source, CurrentUser.of(ctx).actor(ctx), dryRun);
    Respond.with(ctx, result, imported -> json(ctx, imported));
  }

  private void generations(RoutingContext ctx) {
    Params p = new Params(ctx);
    Integer limit = p.optionalInt("limit", 1, 1000);
    p.validate();
    store.generations(limit == null ? 100 : limit).onComplete(Respond.to(ctx, result -> {
      json(ctx, new JsonObject().put("generations", new JsonArray(result)));
    }));
  }

  private void generation(RoutingContext ctx) {
    long id = Params.pathId(ctx, "id");
    store.generation(id).onComplete(Respond.to(ctx, result -> {
      if (result == null) {
        ctx.fail(ApiException.notFound("generation-not-found", "Generation not found", "No grid generation " + id + "."));
      } else {
        json(ctx, result);
      }
    }));
  }

  private static String pathCode(RoutingContext ctx) {
    String code = ctx.pathParam("code");
    if (!code.matches(CODE_PATTERN)) {
      throw ApiException.badRequest("code", "'" + code + "' is not a grid code (6, 9, 12 or 14 digits)");
    }
    return code;
  }

  private static ApiException cellNotFound(String code, String when) {
    return ApiException.notFound("cell-not-found", "Cell not found", "No grid cell " + code + when + ".");
  }

  private static void json(RoutingContext ctx, JsonObject body) {
    ctx.response().putHeader("Content-Type", "application/json").end(body.encode());
  }
}
