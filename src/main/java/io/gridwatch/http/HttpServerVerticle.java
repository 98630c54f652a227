package io.gridwatch.http;

import io.gridwatch.config.GridWatchConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.ResponseTimeHandler;
import io.vertx.ext.web.handler.TimeoutHandler;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: common handlers (timeout, security headers), the {@link ApiGuard} in front of
 * every {@code /api/} route, the capabilities' routes, and the one failure handler. Owns no
 * routes of its own.
 */
public final class HttpServerVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(HttpServerVerticle.class);
  private final GridWatchConfig config;
  private final ApiGuard guard;
  private final List<Endpoint> endpoints;
  private HttpServer server;
  private volatile List<ApiRoute> routes = List.of();
  private volatile ApiContract contract;

  public HttpServerVerticle(GridWatchConfig config, ApiGuard guard, List<Endpoint> endpoints) {
    this.config = config;
    this.guard = guard;
    this.endpoints = List.copyOf(endpoints);
  }

  @Override
  public Future<?> start() {
    // The contract is read once, off the event loop; requests are checked against it.
    return ApiContract.load(vertx).compose(loaded -> {
      contract = loaded;
      return listen(router(loaded));
    });
  }

  private Router router(ApiContract contract) {
    Router router = Router.router(vertx);
    new ClientAddress(config.security().trustedProxies()).install(router);
    router.route().handler(ResponseTimeHandler.create());
    router.route().handler(SecurityHeaders::apply);
    router.route("/api/*").handler(TimeoutHandler.create(config.httpRequestTimeoutMs(), 503));
    // Before any capability's route: nothing under /api/ is reached without passing the guard,
    // and no body is read for a caller who may not send it.
    guard.install(router);
    // Then the contract: parameters and JSON bodies are checked before any handler runs. It
    // reads JSON bodies itself (with the JSON limit); a BodyHandler that already ran is skipped
    // by the next, so the routes' own body handlers find the body read.
    RequestValidation validation = new RequestValidation(contract, jsonBodyHandler(config));
    validation.install(router);
    // Endpoints that accept large bodies (imports) install their own BodyHandler, which reads
    // the body the contract gate leaves alone (see RequestValidation).
    endpoints.forEach(e -> e.addRoutes(router));
    routes = servedRoutes(router);
    guard.routesServed(routes);
    validation.routesServed(routes);
    router.route().failureHandler(new FailureHandler());
    // The router's own refusals (a path parameter with malformed percent-encoding is a 400)
    // are problems too.
    router.errorHandler(400, FailureHandler.forStatus(400));
    router.errorHandler(404, new FailureHandler());
    router.errorHandler(405, new FailureHandler());
    router.errorHandler(500, new FailureHandler());
    return router;
  }

  private Future<HttpServer> listen(Router router) {
    return vertx.createHttpServer(new HttpServerOptions()
            .setHost(config.httpHost())
            // Port 0 (any free port) is not shared between instances in Vert.x; a negative
            // port is: the instances bind one random port together.
            .setPort(config.httpPort() == 0 ? -1 : config.httpPort())
            .setCompressionSupported(true)
            // HTTP/1.1 on cleartext: no browser speaks h2c, and over h2c Netty answers requests
            // whose headers are too large itself (a bare 431, or GOAWAY) before any handler, where
            // HTTP/1.1 lets InputGate answer them as problem+json.
            .setHttp2ClearTextEnabled(false)
            .setIdleTimeout(120))
        .requestHandler(router)
        // A request line or headers too long: problem+json too, not Vert.x's plain text.
        .invalidRequestHandler(InputGate::invalidRequest)
        .listen()
        .onSuccess(s -> {
          server = s;
          LOG.info("HTTP listening on {}:{}", config.httpHost(), s.actualPort());
        });
  }

  /** The API contract requests are checked against; null before the verticle started. */
  public ApiContract contract() {
    return contract;
  }

  /** The port actually bound (useful when configured with port 0). */
  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }

  /** Every concrete path the router serves, in OpenAPI form ({@code /api/grid/cells/{code}}). */
  public List<String> routePaths() {
    return routes.stream().map(ApiRoute::path).distinct().sorted().toList();
  }

  /** Every method and path the router serves, sorted by path then method. */
  public List<ApiRoute> routes() {
    return routes;
  }

  /**
   * Routes bound to methods are the API; method-less ones are shared handlers (body, timeout,
   * guard). A method-bound route without a plain path (a regex route) is listed with a null
   * path, so that the guard can refuse it: it could not be matched against the access policy.
   */
  static List<ApiRoute> servedRoutes(Router router) {
    List<ApiRoute> out = new ArrayList<>();
    for (Route r : router.getRoutes()) {
      if (r.methods() == null || r.methods().isEmpty()) {
        continue;
      }
      String path = r.getPath() == null ? null : r.getPath().replaceAll(":([A-Za-z0-9_]+)", "{$1}");
      for (HttpMethod m : r.methods()) {
        out.add(new ApiRoute(m, path));
      }
    }
    return out.stream().distinct()
        .sorted(Comparator.comparing((ApiRoute a) -> String.valueOf(a.path())).thenComparing(a -> a.method().name()))
        .toList();
  }

  /** The body handler every JSON API route uses, limited to {@code http.maxBodyBytes}. */
  public static BodyHandler jsonBodyHandler(GridWatchConfig config) {
    return jsonBodyHandler(config.httpMaxBodyBytes());
  }

  /** A route's own handler for a JSON body of at most {@code maxBytes} (413 beyond). */
  public static BodyHandler jsonBodyHandler(long maxBytes) {
    return BodyHandler.create(false).setBodyLimit(maxBytes);
  }
}
