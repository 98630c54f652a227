package io.gridwatch.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;

/** Assertions on RFC 9457 problem responses, shared by the API tests. */
public final class Problems {
  private Problems() {}

  /** {@code r} is a problem+json with this status and every required member, and no stack trace. */
  public static void assertProblem(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonObject p = TestServer.json(r);
    assertThat(p.getString("type")).isNotBlank();
    assertThat(p.getString("title")).isNotBlank();
    assertThat(p.getInteger("status")).isEqualTo(status);
    assertThat(p.getString("detail")).isNotBlank();
    assertThat(r.body()).doesNotContain("\tat ").doesNotContain("Exception");
  }

  /** {@code r} is a 400 problem whose {@code errors} name {@code field}. */
  public static void assertField(HttpResponse<String> r, String field) {
    assertFieldError(r, 400, field);
  }

  /** {@code r} is a problem with this status whose {@code errors} name {@code field}. */
  public static void assertFieldError(HttpResponse<String> r, int status, String field) {
    assertProblem(r, status);
    JsonArray errors = TestServer.json(r).getJsonArray("errors");
    assertThat(errors).as(r.body()).isNotNull();
    assertThat(errors.stream().map(e -> ((JsonObject) e).getString("field"))).as(r.body()).contains(field);
  }
}
