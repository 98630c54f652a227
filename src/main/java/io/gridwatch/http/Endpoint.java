package io.gridwatch.http;

import io.vertx.ext.web.Router;

/**
 * A capability's HTTP surface. Each capability adds its own routes; the HTTP server owns
 * nothing else. Handlers report failures by throwing or failing the context with
 * {@link ApiException}.
 */
public interface Endpoint {
  void addRoutes(Router router);
}
