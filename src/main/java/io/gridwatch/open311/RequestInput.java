package io.gridwatch.open311;

import io.gridwatch.http.ApiException;
import io.gridwatch.http.FieldError;
import io.gridwatch.http.InputRules;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The arguments of {@code POST requests.json} as sent, before any meaning is given to them:
 * single-valued fields and {@code attribute[code]} values (several for a multivaluelist), from a form body
 * ({@code application/x-www-form-urlencoded}, as the GeoReport v2 spec sends it) or from a JSON
 * object (the same names; attributes as {@code "attribute": {"code": value}} or as
 * {@code "attribute[code]"} keys). Problems of shape (a field given twice, a list or object
 * where a value belongs, a name the spec does not know) are collected for the one 400 answer.
 * One instance per request; not thread-safe.
 */
final class RequestInput {
  /** The spec's arguments of POST Service Request, and GridWatch reads or ignores each as docs/open311.md says. */
  static final Set<String> FIELDS = Set.of("api_key", "jurisdiction_id", "service_code", "lat", "long",
      "address_string", "address_id", "email", "device_id", "account_id", "first_name", "last_name", "phone",
      "description", "media_url");
  /**
   * The longest value of each argument, in characters (openapi.yaml's Open311RequestIn says the
   * same); others {@link #DEFAULT_MAX_CHARS}. Only {@link #MULTILINE} arguments may hold tabs and
   * line breaks (the spec lets a description have them); no argument may hold other control
   * characters.
   */
  static final Map<String, Integer> MAX_CHARS = Map.of("description", 4000, "address_string", 500,
      "media_url", 2000, "first_name", 100, "last_name", 100, "phone", 20);
  static final int DEFAULT_MAX_CHARS = 200;
  static final int ATTRIBUTE_MAX_CHARS = 1000;
  static final Set<String> MULTILINE = Set.of("description", "address_string");
  private static final Pattern ATTRIBUTE = Pattern.compile("attribute\\[([^\\[\\]]*)\\](\\[\\])?");
  private static final String FORM = "application/x-www-form-urlencoded";
  private static final String JSON = "application/json";

  final Map<String, String> fields = new LinkedHashMap<>();
  /** By attribute code; several values only for a multivaluelist ({@code attribute[code][]=...}). */
  final Map<String, List<String>> attributes = new LinkedHashMap<>();
  final List<FieldError> errors = new ArrayList<>();

  private RequestInput() {}

  /** Reads the body of {@code ctx}; 415 for another content type, 400 for a body that is not a JSON object. */
  static RequestInput read(RoutingContext ctx) {
    String type = contentType(ctx);
    RequestInput in = new RequestInput();
    if (type.equals(FORM)) {
      in.readForm(ctx.request().formAttributes());
    } else if (type.equals(JSON)) {
      in.readJson(jsonBody(ctx));
    } else {
      throw new ApiException(415, "unsupported-media-type", "Unsupported media type",
          "Send the request as " + FORM + " (as GeoReport v2 specifies) or as " + JSON + ".", List.of());
    }
    return in;
  }

  /** The media type without parameters, lower case; empty when absent. */
  static String contentType(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type == null) {
      return "";
    }
    int semicolon = type.indexOf(';');
    return (semicolon < 0 ? type : type.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
  }

  /** The JSON object body; 400 when missing, malformed or not an object. */
  static JsonObject jsonBody(RoutingContext ctx) {
    return io.gridwatch.http.JsonBody.object(ctx);
  }

  /** A field's value, stripped; null when absent or blank (the spec: empty is the same as not sent). */
  String field(String name) {
    String v = fields.get(name);
    return v == null || v.isBlank() ? null : v.strip();
  }

  /** An attribute's (first) value, stripped; null when absent or blank. */
  String attribute(String code) {
    List<String> v = attributeValues(code);
    return v.isEmpty() ? null : v.get(0);
  }

  /** An attribute's values, stripped, blanks dropped. */
  List<String> attributeValues(String code) {
    List<String> out = new ArrayList<>();
    for (String v : attributes.getOrDefault(code, List.of())) {
      if (v != null && !v.isBlank()) {
        out.add(v.strip());
      }
    }
    return out;
  }

  void error(String field, String message) {
    errors.add(new FieldError(field, message));
  }

  private void readForm(MultiMap form) {
    for (String name : new TreeSet<>(form.names())) {
      List<String> values = form.getAll(name);
      Matcher m = ATTRIBUTE.matcher(name);
      if (!keeps(name, values)) {
        continue;
      }
      if (m.matches()) {
        attributes.computeIfAbsent(m.group(1), k -> new ArrayList<>()).addAll(values);
      } else if (!FIELDS.contains(name)) {
        error(name, "is not an argument of POST requests (known: " + String.join(", ", new TreeSet<>(FIELDS))
            + ", attribute[code])");
      } else if (values.size() > 1) {
        error(name, "given " + values.size() + " times; give it once");
      } else {
        fields.put(name, values.get(0));
      }
    }
  }

  private void readJson(JsonObject body) {
    for (String name : new TreeSet<>(body.fieldNames())) {
      Object value = body.getValue(name);
      Matcher m = ATTRIBUTE.matcher(name);
      if (!keeps(name, List.of())) {
        continue;
      }
      if (name.equals("attribute")) {
        if (value == null) {
          continue;
        }
        if (!(value instanceof JsonObject attrs)) {
          error("attribute", "must be an object {code: value}");
          continue;
        }
        for (String code : new TreeSet<>(attrs.fieldNames())) {
          attributeValue("attribute[" + code + "]", attrs.getValue(code), code);
        }
      } else if (m.matches()) {
        attributeValue(name, value, m.group(1));
      } else if (!FIELDS.contains(name)) {
        error(name, "is not an argument of POST requests (known: " + String.join(", ", new TreeSet<>(FIELDS))
            + ", attribute)");
      } else {
        String text = scalar(name, value);
        if (text != null) {
          fields.put(name, text);
        }
      }
    }
  }

  /** A JSON attribute value: a scalar, or a list of scalars (a multivaluelist). */
  private void attributeValue(String field, Object value, String code) {
    List<String> values = attributes.computeIfAbsent(code, k -> new ArrayList<>());
    if (value instanceof io.vertx.core.json.JsonArray list) {
      for (Object v : list) {
        String text = scalar(field, v);
        if (text != null) {
          values.add(text);
        }
      }
    } else {
      String text = scalar(field, value);
      if (text != null) {
        values.add(text);
      }
    }
  }

  /**
   * Whether the argument {@code name} and its values keep the input rules (no control characters
   * but tabs and line breaks in multi-line text, no lone surrogates, at most the argument's
   * length); if not, an error names it and the argument is dropped.
   */
  private boolean keeps(String name, List<String> values) {
    String problem = InputRules.textProblem(name, false, 200);
    if (problem != null) {
      error("body", "has an argument name that " + problem);
      return false;
    }
    Matcher m = ATTRIBUTE.matcher(name);
    int max = m.matches() ? ATTRIBUTE_MAX_CHARS : MAX_CHARS.getOrDefault(name, DEFAULT_MAX_CHARS);
    for (String v : values) {
      problem = InputRules.textProblem(v, MULTILINE.contains(name), max);
      if (problem != null) {
        error(name, problem);
        return false;
      }
    }
    return true;
  }

  /** A JSON scalar as the text a form would carry; null (and an error) for anything else. */
  private String scalar(String field, Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof String s) {
      return keeps(field, List.of(s)) ? s : null;
    } else if (value instanceof Number n) {
      // Plain digits: 1.0E7 would not read as an amount of yuan.
      return new java.math.BigDecimal(n.toString()).toPlainString();
    } else if (value instanceof Boolean b) {
      return b.toString();
    }
    error(field, "must be a string or a number");
    return null;
  }
}
