package io.gridwatch.http;

import io.vertx.core.http.HttpMethod;

/**
 * One route the server serves: an HTTP method and a path in OpenAPI form
 * ({@code /api/grid/cells/{code}}); the path is null for a regex route.
 */
public record ApiRoute(HttpMethod method, String path) {
  @Override
  public String toString() {
    return method.name() + " " + path;
  }
}
