package io.gridwatch.http;

import io.gridwatch.store.StoreErrors;
import io.gridwatch.store.StoreException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one error path: turns any failure of a routing context into an RFC 9457
 * {@code application/problem+json} response with {@code type}, {@code title}, {@code status},
 * {@code detail} (and {@code errors} for validation). Unexpected exceptions become a 500 whose
 * detail carries only an incident id; the stack trace goes to the log, never to the client.
 * Stateless, shared by all event loops.
 */
public final class FailureHandler implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);
  public static final String PROBLEM_JSON = "application/problem+json";
  /** The status to answer when the context carries neither a failure nor a status, or -1. */
  private final int fallbackStatus;

  public FailureHandler() {
    this(-1);
  }

  private FailureHandler(int fallbackStatus) {
    this.fallbackStatus = fallbackStatus;
  }

  /**
   * The handler for the router's {@code errorHandler(status, ...)}: the router may call it with
   * a context that carries no status (a path parameter with malformed percent-encoding is
   * refused that way), which must not turn into a 500.
   */
  public static FailureHandler forStatus(int status) {
    return new FailureHandler(status);
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.closed()) {
      return;
    }
    ApiException problem = toProblem(ctx, fallbackStatus);
    if (response.headWritten()) {
      response.reset();
      return;
    }
    JsonObject body = new JsonObject()
        .put("type", "/problems/" + problem.slug())
        .put("title", problem.title())
        .put("status", problem.status())
        .put("detail", problem.getMessage())
        .put("instance", ctx.request().path());
    if (!problem.errors().isEmpty()) {
      JsonArray errors = new JsonArray();
      problem.errors().forEach(e -> errors.add(new JsonObject().put("field", e.field()).put("message", e.message())));
      body.put("errors", errors);
    }
    response.setStatusCode(problem.status())
        .putHeader("Content-Type", PROBLEM_JSON)
        .putHeader("Cache-Control", "no-store");
    if (problem.status() == 405 && ctx.get("allow") != null) {
      response.putHeader("Allow", (String) ctx.get("allow"));
    }
    problem.headers().forEach(response::putHeader);
    if (problem.status() == 401 && !response.headers().contains("WWW-Authenticate")) {
      // RFC 9110 15.5.2: a 401 names the scheme that would work.
      response.putHeader("WWW-Authenticate", "Bearer realm=\"GridWatch\"");
    }
    response.end(body.encode());
  }

  private static ApiException toProblem(RoutingContext ctx, int fallbackStatus) {
    Throwable failure = ctx.failure() == null ? null : StoreErrors.translate(ctx.failure());
    if (failure instanceof ApiException api) {
      return api;
    }
    if (failure instanceof StoreException refused) {
      return fromStore(refused);
    }
    if (failure instanceof DecodeException) {
      return ApiException.badRequest("The body is not valid JSON.",
          java.util.List.of(new FieldError("body", "not valid JSON")));
    }
    int status = ctx.statusCode() == -1 && failure == null ? fallbackStatus : ctx.statusCode();
    if (failure == null || status != 500 && status != -1) {
      return forStatus(status == -1 ? 500 : status, ctx);
    }
    String incident = UUID.randomUUID().toString();
    LOG.error("Unexpected failure {} on {} {}", incident, ctx.request().method(), ctx.request().path(), failure);
    return new ApiException(500, "internal-error", "Internal error",
        "Something went wrong on the server; incident " + incident + " is logged.", java.util.List.of());
  }

  /** The API's answer to a change the database refused (the one mapping of store errors to HTTP). */
  static ApiException fromStore(StoreException e) {
    String constraint = e.constraint() == null ? "" : " (" + e.constraint() + ")";
    return switch (e.kind()) {
      case DUPLICATE -> ApiException.conflict("duplicate", "Duplicate", "That already exists" + constraint + ".");
      case CONSTRAINT_VIOLATED -> ApiException.unprocessable("constraint-violated", "Not allowed by the data rules",
          "The change breaks a data rule" + constraint + ".");
      case COLLISION -> ApiException.unavailable("retry", "The change collided with another one; please retry.");
    };
  }

  private static ApiException forStatus(int status, RoutingContext ctx) {
    return switch (status) {
      case 400 -> ApiException.badRequest("The request is malformed.", java.util.List.of());
      case 401 -> new ApiException(401, "unauthorized", "Unauthorized", "Log in first.", java.util.List.of());
      case 403 -> new ApiException(403, "forbidden", "Forbidden", "You may not do this.", java.util.List.of());
      case 404 -> ApiException.notFound("not-found", "Not found", "Nothing is at " + ctx.request().path() + ".");
      case 405 -> new ApiException(405, "method-not-allowed", "Method not allowed",
          ctx.request().method() + " is not allowed on " + ctx.request().path() + ".", java.util.List.of());
      case 413 -> new ApiException(413, "too-large", "Payload too large",
          "The request body is larger than this endpoint accepts.", java.util.List.of());
      case 415 -> new ApiException(415, "unsupported-media-type", "Unsupported media type",
          "This endpoint does not accept that content type.", java.util.List.of());
      case 503 -> ApiException.unavailable("unavailable", "The service is not available right now.");
      default -> new ApiException(status, "http-" + status, "HTTP " + status, "The request failed.", java.util.List.of());
    };
  }
}
