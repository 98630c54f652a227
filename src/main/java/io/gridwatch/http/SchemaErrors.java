package io.gridwatch.http;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.OutputUnit;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns a JSON Schema validation result (vertx-json-schema, "basic" output) into the
 * {@link FieldError}s of a 400 problem, in the style the handlers use: one entry per bad field,
 * named by a dotted path ({@code employer.creditCode}, {@code points[3]}), with a message made
 * from the schema alone, so that no submitted value is ever repeated.
 *
 * <p>It also applies the few places where the server reads a schema more leniently than JSON
 * Schema, because the handlers always have (the contract's introduction says so too):
 * <ul>
 *   <li>an enumerated string matches ignoring case and surrounding blanks;
 *   <li>{@code pattern} and {@code maxLength} apply to a string without its surrounding blanks;
 *   <li>{@code format} describes and does not refuse.
 * </ul>
 * Inside {@code anyOf}, {@code oneOf} and {@code not} none of that applies; such a failure is one
 * error at the value. Stateless.
 */
final class SchemaErrors {
  /** Keywords whose failure only says that something below failed. */
  private static final Set<String> WRAPPERS = Set.of("properties", "patternProperties", "items", "prefixItems",
      "additionalItems", "$ref", "$dynamicRef", "$recursiveRef", "allOf", "if", "then", "else", "dependentSchemas",
      "unevaluatedItems");
  private static final Set<String> COMBINATORS = Set.of("anyOf", "oneOf", "not");

  private SchemaErrors() {}

  /**
   * The field errors of {@code result}, the outcome of validating {@code instance} against
   * {@code root}. {@code rootField} names the instance itself ({@code body}, or a parameter's
   * name); {@code nested} says whether fields inside it are named after it
   * ({@code limit[0]}) or on their own ({@code employer.name}, for a body).
   */
  static List<FieldError> of(OutputUnit result, JsonSchema root, Object instance, String rootField, boolean nested) {
    if (Boolean.TRUE.equals(result.getValid()) || result.getErrors() == null) {
      return List.of();
    }
    List<OutputUnit> units = result.getErrors();
    List<String> combinatorLocations = new ArrayList<>();
    for (OutputUnit u : units) {
      if (COMBINATORS.contains(lastSegment(u.getKeywordLocation()))) {
        combinatorLocations.add(u.getKeywordLocation() + "/");
      }
    }
    Map<String, String> byField = new LinkedHashMap<>();
    for (OutputUnit u : units) {
      String keywordLocation = u.getKeywordLocation();
      if (keywordLocation == null || combinatorLocations.stream().anyMatch(keywordLocation::startsWith)) {
        continue;
      }
      List<String> keywordPath = pointer(keywordLocation);
      String keyword = keywordPath.isEmpty() ? "" : keywordPath.get(keywordPath.size() - 1);
      if (WRAPPERS.contains(keyword)) {
        continue;
      }
      List<String> instancePath = pointer(u.getInstanceLocation());
      Object value = at(instance, instancePath);
      Object schemaNode = schemaAt(root, keywordPath.subList(0, keywordPath.size() - 1));
      JsonObject schema = schemaNode instanceof JsonObject o ? o : new JsonObject();
      for (FieldError e : describe(keyword, schema, value, instance, instancePath, keywordPath)) {
        String field = field(instance, pathOf(e.field()), rootField, nested);
        byField.putIfAbsent(fieldName(field), e.message().isEmpty() ? "is not valid" : messageWithItem(field, e.message()));
      }
    }
    List<FieldError> out = new ArrayList<>();
    byField.forEach((f, m) -> out.add(new FieldError(f, m)));
    return out;
  }

  /**
   * The errors one failed keyword stands for, each with its instance path (joined by "/") in
   * place of the field name; none when the server's leniency lets the value through.
   */
  private static List<FieldError> describe(String keyword, JsonObject schema, Object value, Object instance,
      List<String> instancePath, List<String> keywordPath) {
    String here = String.join("/", instancePath);
    String title = schema.getString("title");
    switch (keyword) {
      case "format":
        return List.of();
      case "required": {
        List<FieldError> missing = new ArrayList<>();
        if (value instanceof JsonObject obj && schema.getValue("required") instanceof JsonArray required) {
          for (Object key : required) {
            if (!obj.containsKey(String.valueOf(key))) {
              missing.add(new FieldError(join(here, String.valueOf(key)), "is required"));
            }
          }
        }
        return missing;
      }
      case "additionalProperties":
      case "unevaluatedProperties": {
        // vertx-json-schema also reports declared properties whose value failed: those have
        // their own errors and are not unknown.
        String key = instancePath.isEmpty() ? "" : instancePath.get(instancePath.size() - 1);
        JsonObject declared = schema.getJsonObject("properties", new JsonObject());
        if (declared.containsKey(key) || !Boolean.FALSE.equals(schema.getValue(keyword))) {
          return List.of();
        }
        return List.of(new FieldError(here, "is not a known field (known: "
            + String.join(", ", new TreeSet<>(declared.fieldNames())) + ")"));
      }
      case "enum": {
        if (value instanceof String s && schema.getValue("enum") instanceof JsonArray allowed
            && allowed.stream().anyMatch(a -> a instanceof String e && e.equalsIgnoreCase(s.strip()))) {
          return List.of();
        }
        return List.of(new FieldError(here, "must be one of " + choices(schema.getValue("enum"))));
      }
      case "pattern": {
        String pattern = schema.getString("pattern");
        if (value instanceof String s && pattern != null && Pattern.compile(pattern).matcher(s.strip()).find()) {
          return List.of();
        }
        return List.of(new FieldError(here, title != null ? "must be " + title : "does not match " + pattern));
      }
      case "maxLength": {
        int max = schema.getInteger("maxLength", Integer.MAX_VALUE);
        if (value instanceof String s && s.strip().codePointCount(0, s.strip().length()) <= max) {
          return List.of();
        }
        return List.of(new FieldError(here, "is longer than " + max + " characters"));
      }
      case "minLength": {
        int min = schema.getInteger("minLength", 0);
        return List.of(new FieldError(here, min <= 1 ? "is required" : "is shorter than " + min + " characters"));
      }
      case "type":
        return List.of(new FieldError(here, title != null ? "must be " + title : "must be " + types(schema.getValue("type"))));
      case "const":
        return List.of(new FieldError(here, "must be " + Json.encode(schema.getValue("const"))));
      case "minimum":
      case "maximum":
      case "exclusiveMinimum":
      case "exclusiveMaximum":
        return List.of(new FieldError(here, range(schema)));
      case "multipleOf":
        return List.of(new FieldError(here, "must be a multiple of " + schema.getValue("multipleOf")));
      case "minItems":
        return List.of(new FieldError(here, title != null ? "must be " + title
            : "must have at least " + schema.getValue("minItems") + " items"));
      case "maxItems":
        return List.of(new FieldError(here, title != null ? "must be " + title
            : "must have at most " + schema.getValue("maxItems") + " items"));
      case "uniqueItems":
        return List.of(new FieldError(here, "must not repeat an item"));
      case "anyOf":
      case "oneOf":
      case "not":
        return List.of(new FieldError(here, title != null ? "must be " + title : "does not match any allowed form"));
      default:
        return List.of(new FieldError(here, "is not valid here (" + keyword + ")"));
    }
  }

  // ---- names

  /**
   * The field name of an instance path: {@code a.b[2].c}; the root is {@code rootField}. A path
   * that goes into an array of plain values (a {@code [lon, lat]} pair, a list of ids) stops at
   * the array, and the item's index goes into the message: {@code points[1]}: "[1] must be a
   * number". Returned with that index, if any, after a NUL.
   */
  private static String field(Object instance, List<String> path, String rootField, boolean nested) {
    StringBuilder name = new StringBuilder(nested || path.isEmpty() ? rootField : "");
    Object node = instance;
    for (String seg : path) {
      if (node instanceof JsonArray arr) {
        int i = Integer.parseInt(seg);
        Object item = i < arr.size() ? arr.getValue(i) : null;
        if (!(item instanceof JsonObject) && !(item instanceof JsonArray)) {
          if (name.length() == 0) {
            name.append(rootField);
          }
          return name + "\u0000[" + i + "]";
        }
        name.append('[').append(i).append(']');
        node = item;
      } else {
        if (name.length() > 0) {
          name.append('.');
        }
        name.append(seg);
        node = node instanceof JsonObject obj ? obj.getValue(seg) : null;
      }
    }
    return name.toString();
  }

  private static String fieldName(String field) {
    int cut = field.indexOf('\u0000');
    return cut < 0 ? field : field.substring(0, cut);
  }

  private static String messageWithItem(String field, String message) {
    int cut = field.indexOf('\u0000');
    return cut < 0 ? message : field.substring(cut + 1) + " " + message;
  }

  // ---- messages

  private static String types(Object type) {
    List<String> names = new ArrayList<>();
    if (type instanceof JsonArray arr) {
      arr.forEach(t -> names.add(typeName(String.valueOf(t))));
    } else {
      names.add(typeName(String.valueOf(type)));
    }
    return names.size() == 1 ? names.get(0)
        : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
  }

  private static String typeName(String type) {
    return switch (type) {
      case "string" -> "a string";
      case "integer" -> "a whole number";
      case "number" -> "a number";
      case "boolean" -> "true or false";
      case "object" -> "an object";
      case "array" -> "an array";
      case "null" -> "null";
      default -> type;
    };
  }

  private static String choices(Object allowed) {
    if (!(allowed instanceof JsonArray arr)) {
      return String.valueOf(allowed);
    }
    return arr.stream().filter(v -> v != null && !"".equals(v)).map(String::valueOf).collect(Collectors.joining(", "));
  }

  private static String range(JsonObject schema) {
    Object min = schema.getValue("minimum");
    Object max = schema.getValue("maximum");
    if (min != null && max != null) {
      return "is out of range " + min + ".." + max;
    }
    if (min != null) {
      return "must be at least " + min;
    }
    if (max != null) {
      return "must be at most " + max;
    }
    if (schema.getValue("exclusiveMinimum") != null) {
      return "must be more than " + schema.getValue("exclusiveMinimum");
    }
    return "must be less than " + schema.getValue("exclusiveMaximum");
  }

  // ---- pointers

  private static String lastSegment(String keywordLocation) {
    if (keywordLocation == null) {
      return "";
    }
    int slash = keywordLocation.lastIndexOf('/');
    return slash < 0 ? keywordLocation : keywordLocation.substring(slash + 1);
  }

  /** The segments of a JSON pointer as vertx-json-schema writes them ({@code #/a/b}), decoded. */
  private static List<String> pointer(String location) {
    List<String> out = new ArrayList<>();
    if (location == null) {
      return out;
    }
    String p = location.startsWith("#") ? location.substring(1) : location;
    if (p.isEmpty()) {
      return out;
    }
    for (String seg : p.substring(p.startsWith("/") ? 1 : 0).split("/", -1)) {
      String decoded;
      try {
        decoded = URLDecoder.decode(seg.replace("+", "%2B"), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        decoded = seg;
      }
      out.add(decoded.replace("~1", "/").replace("~0", "~"));
    }
    return out;
  }

  private static List<String> pathOf(String joined) {
    return joined.isEmpty() ? List.of() : List.of(joined.split("/", -1));
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "/" + key;
  }

  private static Object at(Object instance, List<String> path) {
    Object node = instance;
    for (String seg : path) {
      if (node instanceof JsonObject obj) {
        node = obj.getValue(seg);
      } else if (node instanceof JsonArray arr) {
        int i = Integer.parseInt(seg);
        node = i < arr.size() ? arr.getValue(i) : null;
      } else {
        return null;
      }
    }
    return node;
  }

  /** The schema object a keyword sits in; {@code $ref}s are resolved already, so they are stepped over. */
  private static Object schemaAt(JsonSchema root, List<String> path) {
    Object node = null;
    boolean first = true;
    for (String seg : path) {
      if ("$ref".equals(seg) || "$dynamicRef".equals(seg)) {
        continue;
      }
      if (first) {
        node = root.get(seg);
        first = false;
      } else if (node instanceof JsonObject obj) {
        node = obj.getValue(seg);
      } else if (node instanceof JsonArray arr) {
        node = arr.getValue(Integer.parseInt(seg));
      } else {
        return null;
      }
    }
    if (first) {
      JsonObject top = new JsonObject();
      root.fieldNames().forEach(k -> top.put(k, root.get(k)));
      return top;
    }
    return node;
  }
}
