package io.gridwatch.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads and validates a JSON object body, collecting every problem before failing once with a
 * 400 problem that lists them all (the body counterpart of {@link Params}). Messages never
 * repeat a submitted value, so a password cannot end up in a response or a log. One instance
 * per request; not thread-safe.
 */
public final class JsonBody {
  private final JsonObject json;
  private final List<FieldError> errors = new ArrayList<>();

  private JsonBody(JsonObject json) {
    this.json = json;
  }

  /** The request's body; a missing, malformed or non-object body fails at once with 400. */
  public static JsonBody of(RoutingContext ctx) {
    if (ctx.get(RequestValidation.PARSED_BODY) instanceof JsonObject checked) {
      // Parsed (and found to fit the contract) by RequestValidation already.
      return new JsonBody(checked);
    }
    return new JsonBody(object(ctx));
  }

  /** The request's body as a JSON object; a missing, malformed or non-object body fails with 400. */
  public static JsonObject object(RoutingContext ctx) {
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    if (body == null || body.length() == 0) {
      throw ApiException.badRequest("body", "is required (a JSON object)");
    }
    Object parsed;
    try {
      parsed = Json.decodeValue(body);
    } catch (DecodeException e) {
      throw ApiException.badRequest("body", "is not valid JSON");
    }
    if (!(parsed instanceof JsonObject obj)) {
      throw ApiException.badRequest("body", "must be a JSON object");
    }
    return obj;
  }

  /**
   * An object that arrived in another shape (e.g. an Open311 form translated to GridWatch's
   * names), read and validated by the same rules as a JSON body.
   */
  public static JsonBody of(JsonObject json) {
    return new JsonBody(json.copy());
  }

  /** The raw value of a field (JsonObject, JsonArray, String, Number, Boolean or null). */
  public Object value(String field) {
    return json.getValue(field);
  }

  /** Whether the body names {@code field} at all (also with {@code null}). */
  public boolean has(String field) {
    return json.containsKey(field);
  }

  /** Fields other than {@code allowed} are errors: a misspelt field must not be ignored silently. */
  public JsonBody allowOnly(String... allowed) {
    Set<String> known = Set.of(allowed);
    for (String name : new TreeSet<>(json.fieldNames())) {
      if (!known.contains(name)) {
        errors.add(new FieldError(name, "is not a known field (known: " + String.join(", ", sorted(allowed)) + ")"));
      }
    }
    return this;
  }

  /** A required string, trimmed, of {@code min..max} characters. */
  public String requiredText(String field, int min, int max) {
    String v = text(field, true);
    return v == null ? null : checkLength(field, v.strip(), min, max);
  }

  /** An optional string, trimmed; null when absent or JSON null; blank counts as null. */
  public String optionalText(String field, int max) {
    String v = text(field, false);
    if (v == null || v.isBlank()) {
      return null;
    }
    return checkLength(field, v.strip(), 1, max);
  }

  /**
   * A required secret (a password), exactly as sent: never trimmed, never echoed. Only the
   * upper bound is checked here; the password policy checks the rest.
   */
  public String requiredSecret(String field, int max) {
    String v = text(field, true);
    if (v == null) {
      return null;
    }
    if (v.isEmpty()) {
      errors.add(new FieldError(field, "is required"));
      return null;
    }
    if (v.length() > max) {
      errors.add(new FieldError(field, "is longer than " + max + " characters"));
      return null;
    }
    return v;
  }

  /** An optional boolean; null when absent. */
  public Boolean optionalBoolean(String field) {
    Object v = json.getValue(field);
    if (v == null) {
      if (json.containsKey(field)) {
        errors.add(new FieldError(field, "must be true or false, not null"));
      }
      return null;
    }
    if (!(v instanceof Boolean b)) {
      errors.add(new FieldError(field, "must be true or false"));
      return null;
    }
    return b;
  }

  /** Adds an error found by the caller's own checks. */
  public void error(String field, String message) {
    errors.add(new FieldError(field, message));
  }

  /** Fails with a 400 problem listing every error, if there is any. */
  public void validate() {
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
  }

  private String text(String field, boolean required) {
    Object v = json.getValue(field);
    if (v == null) {
      if (required) {
        errors.add(new FieldError(field, "is required"));
      }
      return null;
    }
    if (!(v instanceof String s)) {
      errors.add(new FieldError(field, "must be a string"));
      return null;
    }
    return s;
  }

  private String checkLength(String field, String v, int min, int max) {
    int n = v.codePointCount(0, v.length());
    if (n < min) {
      errors.add(new FieldError(field, n == 0 ? "is required" : "is shorter than " + min + " characters"));
      return null;
    }
    if (n > max) {
      errors.add(new FieldError(field, "is longer than " + max + " characters"));
      return null;
    }
    String problem = InputRules.textProblem(v, false);
    if (problem != null) {
      errors.add(new FieldError(field, problem));
      return null;
    }
    return v;
  }

  private static List<String> sorted(String[] names) {
    String[] copy = names.clone();
    Arrays.sort(copy);
    return List.of(copy);
  }
}
