package io.gridwatch.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.http.ApiContract.BodyRule;
import io.gridwatch.http.ApiContract.ContractOperation;
import io.gridwatch.testing.NeedsDatabase;
import io.gridwatch.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The served OpenAPI document describes exactly what the server serves, parses as OpenAPI 3.1,
 * and names every operation: the contract the requests are validated against.
 */
@NeedsDatabase
class OpenApiContractTest {

  @Test
  void every_served_path_is_in_the_openapi_document_and_nothing_more() {
    TestServer server = TestServer.shared();
    HttpResponse<String> r = server.get("/api/openapi.yaml");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/yaml");
    assertThat(r.body()).startsWith("openapi: 3.1.0");
    List<String> documented = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^  (/[^:\\s]*):\\s*$").matcher(r.body());
    while (m.find()) {
      documented.add(m.group(1));
    }
    List<String> served = server.app().http().routePaths();
    assertThat(served).isNotEmpty();
    assertThat(documented).containsExactlyInAnyOrderElementsOf(served);
  }

  @Test
  void the_contract_parses_as_openapi_3_1_and_every_operation_has_its_own_operation_id() {
    // The server started, so vertx-openapi read the file and checked it against the OpenAPI 3.1
    // schema (which refuses, say, a description whose comma YAML read as a second key).
    ApiContract contract = TestServer.shared().app().http().contract();
    assertThat(contract).isNotNull();
    assertThat(contract.operations()).isNotEmpty();
    // Every operation of the whole document (also outside /api/, which the gate does not check).
    JsonObject document = ApiContract.readYaml(ApiContract.RESOURCE);
    List<String> ids = new ArrayList<>();
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      for (String method : paths.getJsonObject(path).fieldNames()) {
        if (!method.equals("parameters")) {
          String id = paths.getJsonObject(path).getJsonObject(method).getString("operationId");
          assertThat(id).as("operationId of %s %s", method, path).isNotBlank();
          ids.add(id);
        }
      }
    }
    assertThat(ids).hasSizeGreaterThanOrEqualTo(contract.operations().size()).doesNotHaveDuplicates();
    // The raw document, as served, has no key without a value (YAML's reading of an unquoted
    // "a, b: c" inside { }), which the schema would not always catch.
    assertThat(nullValues(document, "")).isEmpty();
  }

  @Test
  void every_route_served_under_api_is_an_operation_of_the_contract_and_every_operation_is_served() {
    TestServer server = TestServer.shared();
    List<String> served = server.app().http().routes().stream()
        .filter(r -> r.path() != null && r.path().startsWith("/api/")).map(ApiRoute::toString).toList();
    List<String> operations = server.app().http().contract().operations().stream()
        .map(op -> op.method().name() + " " + op.path()).toList();
    assertThat(operations).containsExactlyInAnyOrderElementsOf(served);
  }

  @Test
  void only_the_grid_import_and_the_evidence_upload_leave_their_body_to_their_handler() {
    // Every other body under /api/ is JSON and validated before the handler runs; a new
    // operation taking another media type (a form, an upload) must be added here knowingly.
    // (Open311, outside /api/, takes forms and keeps its own checks.) The evidence upload's
    // handler decides the type by the bytes and reads them with evidence.maxBytes.
    List<String> handlerBodies = TestServer.shared().app().http().contract().operations().stream()
        .filter(op -> op.path().startsWith("/api/") && op.body() == BodyRule.HANDLER)
        .map(ContractOperation::operationId).toList();
    assertThat(handlerBodies).containsExactlyInAnyOrder("importCells", "uploadEvidence");
  }

  @Test
  void a_route_served_without_an_operation_is_reported() {
    ApiContract contract = TestServer.shared().app().http().contract();
    RequestValidation validation = new RequestValidation(contract, ctx -> ctx.next());
    List<ApiRoute> missing = validation.routesServed(List.of(
        new ApiRoute(io.vertx.core.http.HttpMethod.GET, "/api/cases"),
        new ApiRoute(io.vertx.core.http.HttpMethod.DELETE, "/api/cases/{caseId}"),
        new ApiRoute(io.vertx.core.http.HttpMethod.GET, "/health")));
    assertThat(missing).extracting(ApiRoute::toString).containsExactly("DELETE /api/cases/{caseId}");
  }

  private static List<String> nullValues(Object node, String at) {
    List<String> out = new ArrayList<>();
    if (node instanceof JsonObject obj) {
      for (String k : obj.fieldNames()) {
        Object v = obj.getValue(k);
        if (v == null && !"null".equals(k)) {
          out.add(at + "/" + k);
        }
        out.addAll(nullValues(v, at + "/" + k));
      }
    } else if (node instanceof io.vertx.core.json.JsonArray arr) {
      for (int i = 0; i < arr.size(); i++) {
        out.addAll(nullValues(arr.getValue(i), at + "/" + i));
      }
    }
    return out;
  }
}
