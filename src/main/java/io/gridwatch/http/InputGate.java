package io.gridwatch.http;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link InputRules} for routes the contract gate ({@link RequestValidation}) does not cover
 * (Open311 under {@code /open311/}): every query parameter (name and value) and every path
 * segment, percent-decoded, free of control characters and lone surrogates and at most
 * {@link InputRules#DEFAULT_MAX_CHARS} long, else 400 naming the parameter ({@code path} for the
 * path). Bodies are the route's own reader's (Open311's {@code RequestInput}). Also the answer to
 * a request Vert.x could not even decode ({@link #invalidRequest}). Stateless and thread-safe.
 */
public final class InputGate {
  private InputGate() {}

  /** A route handler: passes a request whose query and path keep the rules, else fails it with 400. */
  public static void check(RoutingContext ctx) {
    List<FieldError> errors = new ArrayList<>();
    for (String name : ctx.queryParams().names()) {
      String problem = InputRules.textProblem(name, false, 200);
      if (problem != null) {
        errors.add(new FieldError("query", "has a parameter name that " + problem));
        continue;
      }
      for (String v : ctx.queryParam(name)) {
        problem = InputRules.textProblem(v, false, InputRules.DEFAULT_MAX_CHARS);
        if (problem != null) {
          errors.add(new FieldError(name, problem));
          break;
        }
      }
    }
    for (String segment : ctx.request().path().split("/")) {
      String problem = InputRules.textProblem(decode(segment), false);
      if (problem != null) {
        errors.add(new FieldError("path", problem));
        break;
      }
    }
    if (errors.isEmpty()) {
      ctx.next();
    } else {
      ctx.fail(ApiException.invalid(errors));
    }
  }

  /**
   * For {@code HttpServer#invalidRequestHandler}: a request line or headers too long (414, 431)
   * or not HTTP at all (400), answered as problem+json like every other error instead of
   * Vert.x's plain-text default; the server closes the connection afterwards.
   */
  public static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult() == null ? null : request.decoderResult().cause();
    int status;
    String slug;
    String title;
    String detail;
    if (cause instanceof TooLongHttpLineException) {
      status = 414;
      slug = "uri-too-long";
      title = "URI too long";
      detail = "The request line is longer than this server accepts.";
    } else if (cause instanceof TooLongHttpHeaderException) {
      status = 431;
      slug = "headers-too-large";
      title = "Request header fields too large";
      detail = "The request's headers are larger than this server accepts.";
    } else {
      status = 400;
      slug = "invalid-request";
      title = "Invalid request";
      detail = "The request is not valid HTTP.";
    }
    request.response().setStatusCode(status)
        .putHeader("Content-Type", FailureHandler.PROBLEM_JSON)
        .putHeader("Cache-Control", "no-store")
        .putHeader("Connection", "close")
        .end(new io.vertx.core.json.JsonObject().put("type", "/problems/" + slug).put("title", title)
            .put("status", status).put("detail", detail).encode());
  }

  private static String decode(String segment) {
    try {
      return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return segment;
    }
  }
}
