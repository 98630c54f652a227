package io.gridwatch.cases;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * The complaint categories and the attributes each records (resource {@code cases/categories.json}):
 * wage arrears' months unpaid and project, a labour-contract issue, the insurances not paid, a
 * child's age, an agency's fee, ... Validates a complaint's {@code attributes} object against its
 * category and normalises it. Immutable and thread-safe once loaded.
 */
public final class CategoryCatalogue {
  /** The bundled catalogue resource. */
  public static final String RESOURCE = "cases/categories.json";
  private static final CategoryCatalogue BUNDLED = load(RESOURCE);

  /** One attribute a category records. */
  public record Attribute(String name, String type, Long min, Long max, List<String> values, String zh, String en) {}

  /** One category: its code (API name), labels and attributes. */
  public record Category(String code, String zh, String en, Map<String, Attribute> attributes) {}

  private final Map<String, Category> categories;
  private final JsonObject json;

  private CategoryCatalogue(Map<String, Category> categories, JsonObject json) {
    this.categories = categories;
    this.json = json;
  }

  /** The bundled catalogue. */
  public static CategoryCatalogue bundled() {
    return BUNDLED;
  }

  static CategoryCatalogue load(String resource) {
    try (InputStream in = CategoryCatalogue.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Missing resource " + resource);
      }
      JsonObject json = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      Map<String, Category> out = new LinkedHashMap<>();
      for (Object o : json.getJsonArray("categories")) {
        JsonObject c = (JsonObject) o;
        Map<String, Attribute> attrs = new LinkedHashMap<>();
        for (Object a : c.getJsonArray("attributes")) {
          JsonObject at = (JsonObject) a;
          JsonArray values = at.getJsonArray("values");
          attrs.put(at.getString("name"), new Attribute(at.getString("name"), at.getString("type"),
              at.getLong("min"), at.getLong("max"), values == null ? List.of() : List.copyOf(values.getList()),
              at.getString("zh"), at.getString("en")));
        }
        out.put(c.getString("code"), new Category(c.getString("code"), c.getString("zh"), c.getString("en"),
            java.util.Collections.unmodifiableMap(attrs)));
      }
      return new CategoryCatalogue(java.util.Collections.unmodifiableMap(out), json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The category codes, in catalogue order. */
  public List<String> codes() {
    return List.copyOf(categories.keySet());
  }

  public Category category(String code) {
    return categories.get(code);
  }

  /** The catalogue as the API serves it. */
  public JsonObject toJson() {
    return new JsonObject().put("categories", json.getJsonArray("categories").copy());
  }

  /**
   * Checks {@code attributes} against {@code category}'s, reporting each bad one to
   * {@code error(field, message)} (field {@code attributes.<name>}; messages never repeat the
   * value), and returns the normalised attributes (enum values upper-cased, text stripped, money
   * with two decimals).
   */
  public JsonObject validate(String category, JsonObject attributes, BiConsumer<String, String> error) {
    JsonObject out = new JsonObject();
    Category c = categories.get(category);
    if (c == null || attributes == null) {
      return out;
    }
    for (String name : new TreeSet<>(attributes.fieldNames())) {
      Attribute a = c.attributes().get(name);
      String field = "attributes." + name;
      Object v = attributes.getValue(name);
      if (a == null) {
        error.accept(field, c.attributes().isEmpty() ? "is not an attribute of " + category + " (it has none)"
            : "is not an attribute of " + category + " (known: " + String.join(", ", c.attributes().keySet()) + ")");
        continue;
      }
      if (v == null) {
        continue;
      }
      Object value = check(a, v, field, error);
      if (value != null) {
        out.put(name, value);
      }
    }
    return out;
  }

  private static Object check(Attribute a, Object v, String field, BiConsumer<String, String> error) {
    switch (a.type()) {
      case "integer" -> {
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
          error.accept(field, "must be a whole number");
          return null;
        }
        long x = n.longValue();
        if ((a.min() != null && x < a.min()) || (a.max() != null && x > a.max())) {
          error.accept(field, "must be between " + a.min() + " and " + a.max());
          return null;
        }
        return x;
      }
      case "money" -> {
        if (!(v instanceof String s) || !s.strip().matches("(0|[1-9][0-9]{0,11})(\\.[0-9]{1,2})?")) {
          error.accept(field, "must be a decimal string of yuan with at most two decimals, e.g. \"800.00\"");
          return null;
        }
        return new BigDecimal(s.strip()).setScale(2).toPlainString();
      }
      case "text" -> {
        if (!(v instanceof String s)) {
          error.accept(field, "must be a string");
          return null;
        }
        String t = s.strip();
        if (a.max() != null && t.codePointCount(0, t.length()) > a.max()) {
          error.accept(field, "is longer than " + a.max() + " characters");
          return null;
        }
        if (t.chars().anyMatch(Character::isISOControl)) {
          error.accept(field, "must not contain control characters");
          return null;
        }
        return t.isEmpty() ? null : t;
      }
      case "boolean" -> {
        if (!(v instanceof Boolean b)) {
          error.accept(field, "must be true or false");
          return null;
        }
        return b;
      }
      case "enum" -> {
        String s = v instanceof String t ? t.strip().toUpperCase(java.util.Locale.ROOT) : null;
        if (s == null || !a.values().contains(s)) {
          error.accept(field, "must be one of " + String.join(", ", a.values()));
          return null;
        }
        return s;
      }
      case "enumList" -> {
        if (!(v instanceof JsonArray arr)) {
          error.accept(field, "must be a list of " + String.join(", ", a.values()));
          return null;
        }
        Set<String> seen = new java.util.LinkedHashSet<>();
        for (Object e : arr) {
          String s = e instanceof String t ? t.strip().toUpperCase(java.util.Locale.ROOT) : null;
          if (s == null || !a.values().contains(s)) {
            error.accept(field, "must be a list of " + String.join(", ", a.values()));
            return null;
          }
          seen.add(s);
        }
        return new JsonArray(new ArrayList<>(seen));
      }
      default -> throw new IllegalStateException("unknown attribute type " + a.type() + " in " + RESOURCE);
    }
  }
}
