package io.gridwatch.http;

import io.gridwatch.http.ApiContract.BodyRule;
import io.gridwatch.http.ApiContract.ContractOperation;
import io.gridwatch.http.ApiContract.ContractParameter;
import io.gridwatch.http.ApiContract.Match;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.json.schema.OutputUnit;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The contract as the first gate: every request under {@code /api/} whose operation the
 * {@link ApiContract} describes is checked against it before any capability's handler runs
 * (after the {@link ApiGuard}, so anonymous callers learn nothing about the API's shape). Path,
 * query and header parameters are checked, and a body when the operation takes
 * {@code application/json} only: the body is read here, with the JSON body limit
 * ({@link HttpServerVerticle#jsonBodyHandler}); the route's own body handler then finds it read.
 * An operation that also takes other media types (a GeoPackage upload) has its parameters
 * checked and its body left to its handler, which reads it with its own limit; so do form
 * bodies, which no {@code /api/} operation takes.
 *
 * <p>Beyond the schema, {@link ValueRules} applies the input rules to every value: no control
 * characters in any query or path parameter (declared or not) or any string of a body, numbers
 * finite and not subnormal, coordinates by {@link Coordinates}, times within 2000-2100, a cap on
 * text without a {@code maxLength} ({@link InputRules}).
 *
 * <p>A request that does not fit fails with a 400 problem listing every bad field
 * ({@link SchemaErrors}); a body that is not JSON is 400 {@code body}; a body whose media type
 * the operation does not name (or that has none) is 415, before it is read. Handlers keep their
 * own checks for what the schema cannot say (a credit code's check character, a current grid
 * cell, the workflow), which run only on requests that fit.
 *
 * <p>Nothing is skipped silently: a route the server serves under {@code /api/} without an
 * operation in the contract is logged at start-up and refused (500 {@code not-in-contract})
 * rather than served unchecked. Thread-safe.
 */
public final class RequestValidation {
  /** Context key under which a body that passed is kept, so that {@link JsonBody} need not parse it again. */
  public static final String PARSED_BODY = "gridwatch.contract.body";
  private static final String MATCH = "gridwatch.contract.match";
  private static final Logger LOG = LoggerFactory.getLogger(RequestValidation.class);
  /** Bodies up to this size are checked on the event loop; larger ones on a worker. */
  static final int INLINE_BODY_BYTES = 16 * 1024;
  /** At most this many errors are listed (a batch of bad points must not make a huge answer). */
  static final int MAX_ERRORS = 100;

  private final ApiContract contract;
  private final Handler<RoutingContext> bodyHandler;
  private volatile List<ApiRoute> undocumented = List.of();

  /**
   * @param bodyHandler reads JSON bodies (the handler every JSON route uses, with its limit)
   */
  public RequestValidation(ApiContract contract, Handler<RoutingContext> bodyHandler) {
    this.contract = contract;
    this.bodyHandler = bodyHandler;
  }

  /** Adds the gate on {@code /api/*}; to be called after the guard and before any capability's routes. */
  public void install(Router router) {
    router.route("/api/*").handler(this::readBody).handler(this::validate);
  }

  /**
   * Told, after every capability added its routes, what the server serves. Returns (and logs)
   * the routes under {@code /api/} the contract has no operation for; requests for them are
   * refused.
   */
  public List<ApiRoute> routesServed(List<ApiRoute> routes) {
    List<ApiRoute> missing = routes.stream()
        .filter(r -> r.path() != null && r.path().startsWith("/api/"))
        .filter(r -> contract.operation(r.method(), r.path()).isEmpty())
        .toList();
    missing.forEach(r -> LOG.error("{} is served but openapi.yaml has no operation for it: it is refused until one is added", r));
    undocumented = missing;
    return missing;
  }

  private void readBody(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    var match = contract.match(request.method(), ctx.normalizedPath());
    if (match.isEmpty()) {
      if (undocumented.stream().anyMatch(r -> r.method().equals(request.method())
          && ApiContract.fits(r.path(), ctx.normalizedPath()))) {
        ctx.fail(new ApiException(500, "not-in-contract", "Not in the API contract",
            "This route is not described by the API contract, so it is not served.", List.of()));
      } else {
        ctx.next();
      }
      return;
    }
    ctx.put(MATCH, match.get());
    ContractOperation op = match.get().operation();
    if (hasBody(request)) {
      String refused = mediaTypeProblem(op, request.getHeader(HttpHeaders.CONTENT_TYPE));
      if (refused != null) {
        ctx.fail(new ApiException(415, "unsupported-media-type", "Unsupported media type", refused, List.of()));
        return;
      }
    }
    if (op.body() != BodyRule.JSON) {
      ctx.next();
      return;
    }
    bodyHandler.handle(ctx);
  }

  /**
   * Why a body sent as {@code contentType} is refused (415) for {@code op}, or null. The media
   * type must be one the operation names (an {@code application/json} operation also takes
   * {@code application/*+json}); a body without a Content-Type is refused, as browsers send one
   * without it only for requests other sites may make. An operation that takes no body ignores
   * a JSON one (clients send {@code {}}) and refuses any other.
   */
  static String mediaTypeProblem(ContractOperation op, String contentType) {
    List<String> named = op.mediaTypes();
    String takes = named.isEmpty() ? "no request body" : String.join(", ", named);
    if (contentType == null || contentType.isBlank()) {
      return "A request body needs a Content-Type; this operation takes " + takes + ".";
    }
    String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    boolean json = isJson(contentType);
    if (named.isEmpty() ? json : named.stream().anyMatch(n -> n.equalsIgnoreCase(type)
        || json && n.equalsIgnoreCase("application/json"))) {
      return null;
    }
    return "This operation takes " + takes + ", not " + (type.length() > 60 ? "that media type" : type)
        + ".";
  }

  private void validate(RoutingContext ctx) {
    Match match = ctx.get(MATCH);
    if (match == null) {
      ctx.next();
      return;
    }
    ContractOperation op = match.operation();
    List<FieldError> errors = parameters(ctx, match);
    if (op.body() != BodyRule.JSON) {
      finish(ctx, errors);
      return;
    }
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    if (body == null || body.length() == 0) {
      if (op.bodyRequired()) {
        errors.add(new FieldError("body", "is required (a JSON object)"));
      }
      finish(ctx, errors);
      return;
    }
    if (body.length() <= INLINE_BODY_BYTES) {
      bodyChecked(ctx, errors, checkBody(op, body));
      return;
    }
    ctx.vertx().executeBlocking(() -> checkBody(op, body), false).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        bodyChecked(ctx, errors, ar.result());
      }
    });
  }

  private void bodyChecked(RoutingContext ctx, List<FieldError> errors, CheckedBody checked) {
    errors.addAll(checked.errors());
    if (errors.isEmpty()) {
      ctx.put(PARSED_BODY, checked.parsed());
    }
    finish(ctx, errors);
  }

  private static void finish(RoutingContext ctx, List<FieldError> errors) {
    if (errors.isEmpty()) {
      ctx.next();
    } else if (errors.size() > MAX_ERRORS) {
      List<FieldError> first = errors.subList(0, MAX_ERRORS);
      ctx.fail(ApiException.badRequest("The request does not fit the API contract: " + errors.size()
          + " errors; the first " + MAX_ERRORS + " are listed.", first));
    } else {
      ctx.fail(ApiException.invalid(errors));
    }
  }

  /** A parsed body and what is wrong with it. */
  private record CheckedBody(Object parsed, List<FieldError> errors) {}

  private static CheckedBody checkBody(ContractOperation op, Buffer body) {
    Object parsed;
    try {
      parsed = Json.decodeValue(body);
    } catch (DecodeException e) {
      return new CheckedBody(null, List.of(new FieldError("body", "is not valid JSON")));
    }
    if (op.bodyValidator() == null) {
      return new CheckedBody(parsed, ValueRules.body(parsed, null));
    }
    OutputUnit result = op.bodyValidator().validate(parsed);
    List<FieldError> errors = new ArrayList<>(SchemaErrors.of(result, op.bodySchema(), parsed, "body", false));
    // What the schema cannot say (control characters, subnormal numbers, times beyond 2000-2100,
    // a cap on text without a maxLength); one error per field, the schema's first.
    for (FieldError e : ValueRules.body(parsed, op.bodySchema())) {
      if (errors.stream().noneMatch(known -> known.field().equals(e.field()))) {
        errors.add(e);
      }
    }
    return new CheckedBody(parsed, errors);
  }

  // ---- parameters

  private static List<FieldError> parameters(RoutingContext ctx, Match match) {
    List<FieldError> errors = new ArrayList<>();
    // Every query parameter, declared or not, and every path parameter: text a handler might
    // pass on to the database or a log must be free of control characters.
    for (String name : ctx.queryParams().names()) {
      String problem = ValueRules.rawTextProblem(name);
      for (String v : ctx.queryParam(name)) {
        problem = problem != null ? problem : ValueRules.rawTextProblem(v);
      }
      if (problem != null) {
        errors.add(new FieldError(ValueRules.rawTextProblem(name) == null ? name : "query", problem));
      }
    }
    for (Map.Entry<String, String> e : match.pathParams().entrySet()) {
      String problem = ValueRules.rawTextProblem(e.getValue());
      if (problem != null) {
        errors.add(new FieldError(e.getKey(), problem));
      }
    }
    for (ContractParameter p : match.operation().parameters()) {
      if (errors.stream().anyMatch(e -> e.field().equals(p.name()))) {
        continue;
      }
      List<String> given = new ArrayList<>();
      switch (p.in()) {
        case PATH -> {
          String v = match.pathParams().get(p.name());
          if (v != null) {
            given.add(v);
          }
        }
        case QUERY -> given.addAll(ctx.queryParam(p.name()));
        case HEADER -> given.addAll(ctx.request().headers().getAll(p.name()));
        case COOKIE -> {
          Cookie c = ctx.request().getCookie(p.name());
          if (c != null) {
            given.add(c.getValue());
          }
        }
      }
      // A blank value counts as absent, as the handlers always read it.
      given.removeIf(String::isBlank);
      if (given.isEmpty()) {
        if (p.required()) {
          errors.add(new FieldError(p.name(), "is required"));
        }
        continue;
      }
      Object value;
      if ("array".equals(p.type())) {
        JsonArray items = new JsonArray();
        for (String v : given) {
          for (String item : p.explode() ? List.of(v) : List.of(v.split(",", -1))) {
            items.add(scalar(item, p.itemType()));
          }
        }
        value = items;
      } else if (given.size() > 1) {
        errors.add(new FieldError(p.name(), "given " + given.size() + " times; give it once"));
        continue;
      } else {
        value = scalar(given.get(0), p.type());
      }
      List<FieldError> schemaErrors = SchemaErrors.of(p.validator().validate(value), p.schema(), value, p.name(), true);
      errors.addAll(schemaErrors.isEmpty() ? ValueRules.parameter(p.name(), value, p.schema()) : schemaErrors);
    }
    return errors;
  }

  /**
   * A parameter's text as the JSON value its schema type names, read as the handlers read it
   * ({@link Params}); text that does not read as that type stays text, so the schema refuses it.
   */
  private static Object scalar(String text, String type) {
    String t = text.strip();
    switch (type == null ? "string" : type) {
      case "integer":
        try {
          return Long.parseLong(t);
        } catch (NumberFormatException e) {
          return text;
        }
      case "number": {
        Double d = Params.parseDoubleOrNull(t);
        return d == null || t.matches("(?i).*[a-df-z].*") ? text : d;
      }
      case "boolean":
        return t.equalsIgnoreCase("true") ? Boolean.TRUE : t.equalsIgnoreCase("false") ? Boolean.FALSE : text;
      default:
        return text;
    }
  }

  private static boolean isJson(String contentType) {
    String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    return type.equals("application/json") || type.startsWith("application/") && type.endsWith("+json");
  }

  private static boolean hasBody(HttpServerRequest request) {
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    return request.headers().contains(HttpHeaders.TRANSFER_ENCODING) || length != null && !length.strip().equals("0");
  }
}
