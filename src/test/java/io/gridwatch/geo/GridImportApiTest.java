package io.gridwatch.geo;

import static io.gridwatch.geo.GridApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.auth.Role;
import io.gridwatch.testing.NeedsDatabase;
import io.gridwatch.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * An administrator imports grids over HTTP into an empty GridWatch: the real, broken source
 * files of two cities, bad files that must change nothing, and a new version of a cell.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@NeedsDatabase
class GridImportApiTest {
  private static TestServer server;
  private static TestServer.Client admin;

  @BeforeAll
  static void startEmptyServer() {
    server = TestServer.start(false);
    admin = server.as(Role.ADMIN);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static byte[] source(String file) throws Exception {
    return Files.readAllBytes(Path.of("geodata/sources", file));
  }

  private static HttpResponse<String> importGeoJson(int level, byte[] body) {
    return admin.post("/api/grid/import?level=" + level, "application/geo+json", body);
  }

  private static HttpResponse<String> importGeoJson(int level, String body) {
    return importGeoJson(level, body.getBytes(StandardCharsets.UTF_8));
  }

  private static int cellCount() {
    return TestServer.json(server.get("/health")).getJsonObject("grid").getInteger("cells");
  }

  @Test
  @Order(1)
  void the_broken_chengdu_source_imports_with_its_repairs_and_gaps_reported() throws Exception {
    HttpResponse<String> r = importGeoJson(1, source("chengdu-districts.geojson"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject report = TestServer.json(r);
    assertThat(report.getInteger("imported")).isEqualTo(20);
    assertThat(report.getJsonArray("repaired")).isNotEmpty();
    assertThat(report.getJsonArray("rejected")).isEmpty();
    JsonObject repair = report.getJsonArray("repaired").getJsonObject(0);
    assertThat(repair.getString("problem")).isNotBlank();
    // The source stores each shared border once, so districts do not overlap; but the union
    // leaves two holes (about 2 ha and 1 ha) that belong to no district.
    assertThat(report.getJsonArray("overlaps")).isEmpty();
    JsonArray gaps = report.getJsonArray("gaps");
    assertThat(gaps).hasSize(2);
    assertThat(gaps.getJsonObject(0).getDouble("areaSquareMetres")).isBetween(15_000.0, 25_000.0);
    assertThat(gaps.getJsonObject(0).getJsonObject("location").fieldNames()).contains("lon", "lat");
    assertThat(cellCount()).isEqualTo(20);
    JsonArray cells = TestServer.json(admin.get("/api/grid/resolve?lon=104.0805&lat=30.6570")).getJsonArray("cells");
    assertThat(cells.getJsonObject(0).getString("code")).isEqualTo("510104");
    // Audited in the import's transaction, under the importing user's name.
    JsonObject audit = server.audit("grid.import").get(0);
    assertThat(audit.getString("actor_name")).isEqualTo("test-admin");
    assertThat(audit.getLong("actor_id")).isEqualTo(server.user(Role.ADMIN).id());
    assertThat(audit.getString("outcome")).isEqualTo("SUCCESS");
    assertThat(audit.getJsonObject("detail").getLong("generationId")).isEqualTo(report.getLong("generationId"));
    assertThat(audit.getJsonObject("detail").getInteger("imported")).isEqualTo(20);
    assertThat(audit.getJsonObject("detail").getInteger("gaps")).isEqualTo(2);
    assertThat(audit.getString("object_id")).isEqualTo(String.valueOf(report.getLong("generationId")));
  }

  @Test
  @Order(2)
  void only_an_admin_may_import() {
    for (Role role : Role.values()) {
      if (role != Role.ADMIN) {
        assertProblem(server.as(role).post("/api/grid/import?level=1", "application/geo+json", "{}".getBytes()), 403);
      }
    }
    assertProblem(server.post("/api/grid/import?level=1", "application/geo+json", "{}".getBytes()), 401);
  }

  @Test
  @Order(2)
  void a_city_never_seen_before_imports_beside_it() throws Exception {
    HttpResponse<String> r = importGeoJson(1, source("bijie-districts.geojson"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(TestServer.json(r).getInteger("imported")).isEqualTo(8);
    assertThat(cellCount()).isEqualTo(28);
  }

  @Test
  @Order(3)
  void cells_whose_parent_is_missing_are_rejected_with_the_reason_and_the_rest_imported() {
    String fc = """
        {"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"code":"510104001","name":"测试街道"},
           "geometry":{"type":"Polygon","coordinates":[[[104.07,30.65],[104.09,30.65],[104.09,30.66],[104.07,30.66],[104.07,30.65]]]}},
          {"type":"Feature","properties":{"code":"990000001","name":"无主街道"},
           "geometry":{"type":"Polygon","coordinates":[[[104.07,30.65],[104.09,30.65],[104.09,30.66],[104.07,30.66],[104.07,30.65]]]}}
        ]}""";
    HttpResponse<String> r = importGeoJson(2, fc);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject report = TestServer.json(r);
    assertThat(report.getInteger("imported")).isEqualTo(1);
    JsonArray rejected = report.getJsonArray("rejected");
    assertThat(rejected).hasSize(1);
    assertThat(rejected.getJsonObject(0).getString("code")).isEqualTo("990000001");
    assertThat(rejected.getJsonObject(0).getString("reason")).contains("990000");
    JsonArray cells = TestServer.json(admin.get("/api/grid/resolve?lon=104.08&lat=30.655")).getJsonArray("cells");
    assertThat(cells.getJsonObject(0).getString("code")).isEqualTo("510104001");
  }

  @Test
  @Order(4)
  void hostile_or_malformed_files_get_a_problem_naming_the_fault_and_change_nothing() {
    int before = cellCount();
    String unclosed = """
        {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"510104002","name":"x"},
         "geometry":{"type":"Polygon","coordinates":[[[104.07,30.65],[104.09,30.65],[104.09,30.66]]]}}]}""";
    HttpResponse<String> r = importGeoJson(2, unclosed);
    assertThat(r.statusCode()).as(r.body()).isBetween(400, 422);
    assertThat(r.body()).contains("features[0]");

    StringBuilder huge = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
        + "\"properties\":{\"code\":\"510104003\",\"name\":\"x\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[");
    for (int i = 0; i < 1_000_000; i++) {
      huge.append(String.format("[%.6f,%.6f],", 104.07 + Math.cos(i * 2 * Math.PI / 1e6) * 0.01,
          30.65 + Math.sin(i * 2 * Math.PI / 1e6) * 0.01));
    }
    huge.append("[104.08,30.65]]]}}]}");
    HttpResponse<String> tooBig = importGeoJson(2, huge.toString());
    assertThat(tooBig.statusCode()).as(tooBig.body()).isIn(413, 422);

    HttpResponse<String> deep = importGeoJson(2, "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":"
        + "\"Feature\",\"properties\":{\"code\":\"510104008\",\"name\":\"x\",\"extra\":" + "[".repeat(10_000));
    assertProblem(deep, 400);
    assertThat(TestServer.json(deep).getString("type")).endsWith("too-deep");
    assertThat(importGeoJson(2, "[".repeat(10_000)).statusCode()).isBetween(400, 422);
    assertThat(importGeoJson(2, "not json at all").statusCode()).isEqualTo(400);
    assertThat(importGeoJson(2, "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
        + "\"properties\":{\"code\":\"510104004\",\"name\":\"x\"},\"geometry\":{\"type\":\"Polygon\","
        + "\"coordinates\":[[[\"a\",30],[104,30],[104,31],[\"a\",30]]]}}]}").statusCode()).isBetween(400, 422);
    assertThat(importGeoJson(2, "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
        + "\"properties\":{\"code\":\"510104005\",\"name\":\"x\"},\"geometry\":{\"type\":\"Polygon\","
        + "\"coordinates\":[[[1e400,30],[104,30],[104,31],[1e400,30]]]}}]}").statusCode()).isBetween(400, 422);
    assertThat(importGeoJson(2, "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
        + "\"properties\":{\"code\":\"510104006\",\"name\":\"x\"},\"geometry\":{\"type\":\"Point\","
        + "\"coordinates\":[104,30]}}]}").statusCode()).isBetween(400, 422);
    assertProblem(admin.post("/api/grid/import", "application/geo+json", "{}".getBytes()), 400);
    assertThat(cellCount()).isEqualTo(before);
    assertThat(server.get("/health").statusCode()).isEqualTo(200);
  }

  @Test
  @Order(5)
  void a_new_version_of_a_cell_keeps_the_old_one_in_its_history() throws Exception {
    String before = java.time.OffsetDateTime.now().toString();
    Thread.sleep(20);
    String moved = """
        {"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"code":"510104001","name":"测试街道（新）"},
           "geometry":{"type":"Polygon","coordinates":[[[104.07,30.65],[104.085,30.65],[104.085,30.66],[104.07,30.66],[104.07,30.65]]]}}
        ]}""";
    HttpResponse<String> r = importGeoJson(2, moved);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject versions = TestServer.json(admin.get("/api/grid/cells/510104001/versions"));
    JsonArray list = versions.getJsonArray("versions");
    assertThat(list).hasSize(2);
    assertThat(list.getJsonObject(0).getJsonObject("properties").getBoolean("current")).isFalse();
    assertThat(list.getJsonObject(1).getJsonObject("properties").getString("name")).isEqualTo("测试街道（新）");
    JsonObject old = TestServer.json(admin.get("/api/grid/cells/510104001?at="
        + java.net.URLEncoder.encode(before, StandardCharsets.UTF_8)));
    assertThat(old.getJsonObject("properties").getString("name")).isEqualTo("测试街道");

    JsonObject generations = TestServer.json(admin.get("/api/grid/generations"));
    assertThat(generations.getJsonArray("generations").size()).isGreaterThanOrEqualTo(4);
  }

  @Test
  @Order(6)
  void a_dry_run_reports_without_writing() {
    String fc = """
        {"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"code":"510104007","name":"预演街道"},
           "geometry":{"type":"Polygon","coordinates":[[[104.09,30.65],[104.1,30.65],[104.1,30.66],[104.09,30.66],[104.09,30.65]]]}}
        ]}""";
    int before = cellCount();
    HttpResponse<String> r = admin.post("/api/grid/import?level=2&dryRun=true", "application/geo+json",
        fc.getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(TestServer.json(r).getInteger("wouldImport")).isEqualTo(1);
    assertThat(cellCount()).isEqualTo(before);
  }
}
