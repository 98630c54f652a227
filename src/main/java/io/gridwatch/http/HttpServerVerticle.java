package io.gridwatch.http;

import io.gridwatch.config.GridWatchConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.ResponseTimeHandler;
import io.vertx.ext.web.handler.TimeoutHandler;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: common handlers (body limit, timeout, security headers), the capabilities'
 * routes, and the one failure handler. Owns no routes of its own.
 */
public final class HttpServerVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(HttpServerVerticle.class);
  private final GridWatchConfig config;
  private final List<Endpoint> endpoints;
  private HttpServer server;
  private volatile List<String> routePaths = List.of();

  public HttpServerVerticle(GridWatchConfig config, List<Endpoint> endpoints) {
    this.config = config;
    this.endpoints = List.copyOf(endpoints);
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.route().handler(ResponseTimeHandler.create());
    router.route().handler(SecurityHeaders::apply);
    router.route("/api/*").handler(TimeoutHandler.create(config.httpRequestTimeoutMs(), 503));
    // Endpoints that accept large bodies (imports) install their own BodyHandler before this
    // one; a BodyHandler that already ran is skipped by the next.
    endpoints.forEach(e -> e.addRoutes(router));
    // Routes bound to methods are the API; method-less ones are shared handlers (body, timeout).
    routePaths = router.getRoutes().stream()
        .filter(r -> r.methods() != null && !r.methods().isEmpty())
        .map(r -> r.getPath())
        .filter(p -> p != null)
        .map(p -> p.replaceAll(":([A-Za-z]+)", "{$1}"))
        .distinct().sorted().toList();
    router.route().failureHandler(new FailureHandler());
    router.errorHandler(404, new FailureHandler());
    router.errorHandler(405, new FailureHandler());
    router.errorHandler(500, new FailureHandler());
    return vertx.createHttpServer(new HttpServerOptions()
            .setHost(config.httpHost())
            .setPort(config.httpPort())
            .setCompressionSupported(true)
            .setIdleTimeout(120))
        .requestHandler(router)
        .listen()
        .onSuccess(s -> {
          server = s;
          LOG.info("HTTP listening on {}:{}", config.httpHost(), s.actualPort());
        });
  }

  /** The port actually bound (useful when configured with port 0). */
  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }

  /** Every concrete path the router serves, in OpenAPI form ({@code /api/grid/cells/{code}}). */
  public List<String> routePaths() {
    return routePaths;
  }

  /** The body handler every JSON API route uses, limited to {@code http.maxBodyBytes}. */
  public static BodyHandler jsonBodyHandler(GridWatchConfig config) {
    return BodyHandler.create(false).setBodyLimit(config.httpMaxBodyBytes());
  }
}
