package io.gridwatch.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.JsonSchema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@link InputRules} and {@link Coordinates} applied by the contract gate to every value of
 * a request, along the value's schema in openapi.yaml; the part of validation JSON Schema cannot
 * say. For every string, at any depth (object keys included): no control characters except in a
 * schema marked {@code x-multiline: true}, no lone surrogates, at most its {@code maxLength} or
 * else {@link InputRules#DEFAULT_MAX_CHARS}, and within 2000–2100 when its {@code format} is
 * {@code date-time}. For every number: finite, not subnormal, in a body an integer within ±2^53 (what a
 * double and a JavaScript client hold exactly), and a coordinate by {@link Coordinates} when its
 * {@code format} is {@code longitude} or {@code latitude}.
 *
 * <p>A value whose schema cannot be found (an object the contract leaves open) gets the strict
 * defaults. Field names follow {@link SchemaErrors}: {@code employer.name}, and for an item of an
 * array of plain values the array's name with the index in the message ({@code points[3]}: "[0]
 * is too close to 0..."). Stateless and thread-safe.
 */
final class ValueRules {
  /** Integers beyond this magnitude are refused (2^53: exact in a double and in JavaScript). */
  static final long MAX_SAFE_INTEGER = 1L << 53;

  private ValueRules() {}

  /** The errors of a parsed JSON body against its schema (null when the operation has none). */
  static List<FieldError> body(Object parsed, JsonSchema schema) {
    List<FieldError> errors = new ArrayList<>();
    walk(parsed, schema == null ? null : asObject(schema), "", "", true, errors);
    return errors;
  }

  /**
   * The errors of one parameter's value as read for its schema ({@link String}, {@link Long},
   * {@link Double} or {@link Boolean}), named {@code name}.
   */
  static List<FieldError> parameter(String name, Object value, JsonSchema schema) {
    List<FieldError> errors = new ArrayList<>();
    if (value instanceof JsonArray items) {
      JsonObject s = asObject(schema);
      Object itemSchema = s == null ? null : s.getValue("items");
      for (int i = 0; i < items.size(); i++) {
        walk(items.getValue(i), itemSchema instanceof JsonObject o ? o : null, name, "[" + i + "] ", false, errors);
      }
    } else {
      walk(value, asObject(schema), name, "", false, errors);
    }
    return errors;
  }

  /** What is wrong with a parameter's raw text, whatever its type: control characters, lone surrogates. */
  static String rawTextProblem(String text) {
    return InputRules.textProblem(text, false);
  }

  // ---- the walk

  /**
   * @param body whether the value is (part of) a JSON body, whose integers are bounded to ±2^53;
   *     a parameter's integer is read as a Java long by the handlers, which is safe
   */
  private static void walk(Object value, JsonObject schema, String field, String itemPrefix, boolean body,
      List<FieldError> errors) {
    if (value instanceof JsonObject obj) {
      for (Map.Entry<String, Object> e : obj) {
        String key = e.getKey();
        String child = field.isEmpty() ? key : field + "." + key;
        String keyProblem = InputRules.textProblem(key, false);
        if (keyProblem != null || key.length() > 200) {
          errors.add(new FieldError(field.isEmpty() ? "body" : field, keyProblem != null
              ? "has a field name that " + keyProblem : "has a field name longer than 200 characters"));
          continue;
        }
        walk(e.getValue(), property(schema, key), child, "", body, errors);
      }
    } else if (value instanceof JsonArray arr) {
      for (int i = 0; i < arr.size(); i++) {
        Object item = arr.getValue(i);
        JsonObject itemSchema = item(schema, i);
        if (item instanceof JsonObject || item instanceof JsonArray) {
          walk(item, itemSchema, (field.isEmpty() ? "body" : field) + "[" + i + "]", "", body, errors);
        } else {
          walk(item, itemSchema, field.isEmpty() ? "body" : field, "[" + i + "] ", body, errors);
        }
      }
    } else if (value instanceof String s) {
      String problem = string(s, schema);
      if (problem != null) {
        errors.add(new FieldError(field.isEmpty() ? "body" : field, itemPrefix + problem));
      }
    } else if (value instanceof Number n) {
      String problem = number(n, schema, body);
      if (problem != null) {
        errors.add(new FieldError(field.isEmpty() ? "body" : field, itemPrefix + problem));
      }
    }
  }

  private static String string(String s, JsonObject schema) {
    int max = InputRules.DEFAULT_MAX_CHARS;
    boolean multiline = false;
    String format = null;
    for (JsonObject part : parts(schema)) {
      if (part.getValue("maxLength") instanceof Number m) {
        max = Math.min(max, m.intValue());
      }
      multiline |= Boolean.TRUE.equals(part.getValue("x-multiline"));
      if (part.getValue("format") instanceof String f) {
        format = f;
      }
    }
    String problem = InputRules.textProblem(s, multiline, max);
    if (problem == null && "date-time".equals(format)) {
      try {
        problem = InputRules.timeProblem(OffsetDateTime.parse(s.strip()));
      } catch (DateTimeParseException e) {
        problem = null; // the schema's pattern or the handler says what is wrong with the form
      }
    }
    return problem;
  }

  private static String number(Number n, JsonObject schema, boolean body) {
    if (body && (n instanceof BigInteger || n instanceof BigDecimal)) {
      BigDecimal big = n instanceof BigInteger bi ? new BigDecimal(bi) : (BigDecimal) n;
      if (big.abs().compareTo(BigDecimal.valueOf(MAX_SAFE_INTEGER)) > 0) {
        return "is too large";
      }
    }
    double d = n.doubleValue();
    if (!Double.isFinite(d)) {
      return "must be a finite number";
    }
    if (d != 0 && Math.abs(d) < Double.MIN_NORMAL) {
      return "is too close to 0 to be a usable number";
    }
    if (body && (n instanceof Long || n instanceof Integer || n instanceof BigInteger) && Math.abs(d) > MAX_SAFE_INTEGER) {
      return "is too large";
    }
    for (JsonObject part : parts(schema)) {
      if ("longitude".equals(part.getValue("format"))) {
        return Coordinates.longitudeProblem(d);
      }
      if ("latitude".equals(part.getValue("format"))) {
        return Coordinates.latitudeProblem(d);
      }
    }
    return null;
  }

  // ---- the schema

  /** The schema and what it is made of ({@code $ref} resolved inline, {@code allOf}, {@code anyOf}, {@code oneOf}). */
  private static List<JsonObject> parts(JsonObject schema) {
    List<JsonObject> out = new ArrayList<>();
    collect(schema, out, 0);
    return out;
  }

  private static void collect(JsonObject schema, List<JsonObject> out, int depth) {
    if (schema == null || depth > 8) {
      return;
    }
    out.add(schema);
    if (schema.getValue("$ref") instanceof JsonObject ref) {
      collect(ref, out, depth + 1);
    }
    for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
      if (schema.getValue(combinator) instanceof JsonArray branches) {
        for (Object b : branches) {
          if (b instanceof JsonObject o) {
            collect(o, out, depth + 1);
          }
        }
      }
    }
  }

  private static JsonObject property(JsonObject schema, String key) {
    for (JsonObject part : parts(schema)) {
      if (part.getValue("properties") instanceof JsonObject props && props.getValue(key) instanceof JsonObject p) {
        return p;
      }
    }
    for (JsonObject part : parts(schema)) {
      if (part.getValue("additionalProperties") instanceof JsonObject extra) {
        return extra;
      }
    }
    return null;
  }

  private static JsonObject item(JsonObject schema, int i) {
    for (JsonObject part : parts(schema)) {
      if (part.getValue("prefixItems") instanceof JsonArray prefix && i < prefix.size()
          && prefix.getValue(i) instanceof JsonObject p) {
        return p;
      }
    }
    for (JsonObject part : parts(schema)) {
      if (part.getValue("items") instanceof JsonObject items) {
        return items;
      }
    }
    return null;
  }

  private static JsonObject asObject(JsonSchema schema) {
    if (schema == null) {
      return null;
    }
    JsonObject top = new JsonObject();
    schema.fieldNames().forEach(k -> top.put(k, schema.get(k)));
    return top;
  }
}
