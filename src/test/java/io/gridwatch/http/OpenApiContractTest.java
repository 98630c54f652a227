package io.gridwatch.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The served OpenAPI document describes exactly the paths the server serves. */
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
}
