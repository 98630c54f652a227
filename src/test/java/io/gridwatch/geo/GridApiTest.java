package io.gridwatch.geo;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.auth.Role;
import io.gridwatch.geo.crs.Crs;
import io.gridwatch.testing.NeedsDatabase;
import io.gridwatch.testing.Problems;
import io.gridwatch.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The grid API as a client sees it, against a real server on a real PostgreSQL with the demo
 * city, logged in as an operator (who may read the grid; who may do what is AccessPolicyTest's).
 */
@NeedsDatabase
class GridApiTest {
  private static TestServer server;
  private static TestServer.Client api;

  @BeforeAll
  static void startServer() {
    server = TestServer.shared();
    api = server.as(Role.OPERATOR);
  }

  @Test
  void a_spot_in_jinjiang_resolves_to_its_level3_level2_and_level1_cells() {
    HttpResponse<String> r = api.get("/api/grid/resolve?lon=104.0805&lat=30.6570");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject body = TestServer.json(r);
    JsonArray cells = body.getJsonArray("cells");
    assertThat(cells).hasSize(3);
    assertThat(cells.getJsonObject(0).getInteger("level")).isEqualTo(3);
    assertThat(cells.getJsonObject(1).getInteger("level")).isEqualTo(2);
    JsonObject district = cells.getJsonObject(2);
    assertThat(district.getString("code")).isEqualTo("510104");
    assertThat(district.getString("name")).isEqualTo("锦江区");
    assertThat(cells.getJsonObject(0).getString("code")).startsWith(cells.getJsonObject(1).getString("code"));
    assertThat(cells.getJsonObject(1).getString("code")).startsWith("510104");
    assertThat(body.getBoolean("snapped")).isFalse();
    assertThat(body.getValue("boundary")).isInstanceOf(Boolean.class);
  }

  @Test
  void the_same_spot_given_in_gcj02_and_bd09_resolves_to_the_same_cell() {
    String expected = deepest("/api/grid/resolve?lon=104.0805&lat=30.6570");
    double[] gcj = Crs.GCJ02.fromWgs84(104.0805, 30.6570);
    double[] bd = Crs.BD09.fromWgs84(104.0805, 30.6570);
    assertThat(gcj[0]).isNotCloseTo(104.0805, org.assertj.core.data.Offset.offset(1e-4));
    assertThat(deepest("/api/grid/resolve?lon=" + gcj[0] + "&lat=" + gcj[1] + "&crs=GCJ02")).isEqualTo(expected);
    assertThat(deepest("/api/grid/resolve?lon=" + bd[0] + "&lat=" + bd[1] + "&crs=bd09")).isEqualTo(expected);
    assertThat(deepest("/api/grid/resolve?lon=104.0805&lat=30.6570&crs=CGCS2000")).isEqualTo(expected);
  }

  private static String deepest(String path) {
    HttpResponse<String> r = api.get(path);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return TestServer.json(r).getJsonArray("cells").getJsonObject(0).getString("code");
  }

  @Test
  void a_point_far_outside_the_city_is_404_outside_coverage() {
    HttpResponse<String> r = api.get("/api/grid/resolve?lon=116.39&lat=39.90");
    assertProblem(r, 404);
    assertThat(TestServer.json(r).getString("type")).endsWith("outside-coverage");
  }

  @Test
  void bad_coordinates_are_400_problems_naming_each_bad_parameter() {
    assertField(api.get("/api/grid/resolve?lon=104.08"), "lat");
    assertField(api.get("/api/grid/resolve?lon=104.08&lat=95"), "lat");
    assertField(api.get("/api/grid/resolve?lon=NaN&lat=30.6"), "lon");
    assertField(api.get("/api/grid/resolve?lon=Infinity&lat=30.6"), "lon");
    assertField(api.get("/api/grid/resolve?lon=1e400&lat=30.6"), "lon");
    assertField(api.get("/api/grid/resolve?lon=abc&lat=30.6"), "lon");
    assertField(api.get("/api/grid/resolve?lon=104.08&lat=30.6&crs=EPSG3857"), "crs");
    assertField(api.get("/api/grid/resolve?lon=104.08&lon=104.09&lat=30.6"), "lon");
    HttpResponse<String> both = api.get("/api/grid/resolve?lon=200&lat=-100");
    JsonArray errors = TestServer.json(both).getJsonArray("errors");
    assertThat(errors).hasSize(2);
  }

  @Test
  void a_batch_resolves_every_point_in_order_with_null_for_points_outside() {
    HttpResponse<String> r = api.postJson("/api/grid/resolve",
        "{\"crs\":\"WGS84\",\"points\":[[104.0805,30.6570],[116.39,39.90],[104.0805,30.6570]]}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonArray results = TestServer.json(r).getJsonArray("results");
    assertThat(results).hasSize(3);
    String single = deepest("/api/grid/resolve?lon=104.0805&lat=30.6570");
    assertThat(results.getJsonObject(0).getString("code")).isEqualTo(single);
    assertThat(results.getJsonObject(1).getValue("code")).isNull();
    assertThat(results.getJsonObject(2).getString("code")).isEqualTo(single);
  }

  @Test
  void a_batch_over_the_limit_or_with_a_bad_point_is_refused_with_the_reason() {
    StringBuilder big = new StringBuilder("{\"points\":[");
    for (int i = 0; i < 10_001; i++) {
      big.append(i == 0 ? "" : ",").append("[104.08,30.65]");
    }
    HttpResponse<String> tooMany = api.postJson("/api/grid/resolve", big.append("]}").toString());
    assertProblem(tooMany, 422);
    assertThat(TestServer.json(tooMany).getString("detail")).contains("10000");

    assertField(api.postJson("/api/grid/resolve", "{\"points\":[[104.08,30.65],[104.08,\"x\"]]}"), "points[1]");
    assertField(api.postJson("/api/grid/resolve", "{\"points\":[[104.08,130.65]]}"), "points[0]");
    assertField(api.postJson("/api/grid/resolve", "{\"points\":[[104.08,30.65]],\"crs\":\"OSGB\"}"), "crs");
    assertField(api.postJson("/api/grid/resolve", "{\"crs\":\"WGS84\"}"), "points");
    assertProblem(api.postJson("/api/grid/resolve", "{\"points\":[[104.08,30.65]"), 400);
    assertProblem(api.postJson("/api/grid/resolve", "[1,2]"), 400);
    assertProblem(api.postJson("/api/grid/resolve", "[".repeat(5000) + "]".repeat(5000)), 400);
  }

  @Test
  void level1_cells_are_the_20_districts_of_chengdu_as_geojson() {
    HttpResponse<String> r = api.get("/api/grid/cells?level=1");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/geo+json");
    JsonObject fc = TestServer.json(r);
    assertThat(fc.getString("type")).isEqualTo("FeatureCollection");
    JsonArray features = fc.getJsonArray("features");
    assertThat(features).hasSize(20);
    JsonObject props = features.getJsonObject(0).getJsonObject("properties");
    assertThat(props.fieldNames()).contains("code", "level", "name", "parentCode");
    assertThat(features.stream().map(f -> ((JsonObject) f).getJsonObject("properties").getString("code")))
        .contains("510104");
  }

  @Test
  void the_children_of_a_district_all_name_it_as_parent_and_an_etag_saves_the_download() {
    HttpResponse<String> r = api.get("/api/grid/cells?level=2&parent=510104");
    JsonArray features = TestServer.json(r).getJsonArray("features");
    assertThat(features.size()).isBetween(10, 15);
    features.forEach(f -> assertThat(((JsonObject) f).getJsonObject("properties").getString("parentCode")).isEqualTo("510104"));
    String etag = r.headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> again = api.send(java.net.http.HttpRequest.newBuilder(
        server.uri("/api/grid/cells?level=2&parent=510104")).header("If-None-Match", etag).GET());
    assertThat(again.statusCode()).isEqualTo(304);
  }

  @Test
  void one_cell_by_code_and_unknown_or_malformed_codes() {
    HttpResponse<String> r = api.get("/api/grid/cells/510104");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(TestServer.json(r).getJsonObject("properties").getString("name")).isEqualTo("锦江区");
    assertProblem(api.get("/api/grid/cells/999999"), 404);
    assertField(api.get("/api/grid/cells/51x104"), "code");
    assertField(api.get("/api/grid/cells?level=9"), "level");
    assertField(api.get("/api/grid/cells?parent=abc"), "parent");
  }

  @Test
  void health_says_up_with_the_database_and_the_grid_size() {
    HttpResponse<String> r = server.get("/health");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject body = TestServer.json(r);
    assertThat(body.getString("status")).isEqualTo("UP");
    assertThat(body.getJsonObject("grid").getInteger("cells")).isGreaterThan(1000);
  }

  @Test
  void unknown_paths_and_methods_answer_with_problems_and_security_headers() {
    HttpResponse<String> missing = api.get("/api/nothing-here");
    assertProblem(missing, 404);
    assertThat(missing.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(missing.headers().firstValue("Content-Security-Policy").orElse("")).contains("frame-ancestors 'none'");
    assertProblem(api.send(java.net.http.HttpRequest.newBuilder(server.uri("/api/grid/cells"))
        .DELETE()), 405);
  }

  static void assertProblem(HttpResponse<String> r, int status) {
    Problems.assertProblem(r, status);
  }

  static void assertField(HttpResponse<String> r, String field) {
    Problems.assertField(r, field);
  }
}
