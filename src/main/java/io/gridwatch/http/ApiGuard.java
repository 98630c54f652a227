package io.gridwatch.http;

import io.vertx.ext.web.Router;
import java.util.List;

/**
 * Authentication and authorisation of every request under {@code /api/}. The HTTP server
 * installs the guard after its common handlers and before any capability adds a route, so no
 * route can be reached around it, whatever order the capabilities come in.
 */
public interface ApiGuard {
  /** Adds the guard's handlers (on {@code /api/*}) to the router. */
  void install(Router router);

  /**
   * Told once, after every capability has added its routes, which routes the server serves.
   * May throw to refuse to start (a route the guard cannot check).
   */
  void routesServed(List<ApiRoute> routes);
}
