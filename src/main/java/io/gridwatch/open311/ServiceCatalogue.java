package io.gridwatch.open311;

import io.gridwatch.cases.CategoryCatalogue;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Open311 services: one per complaint category of the {@link CategoryCatalogue} (the same
 * catalogue {@code POST /api/complaints} validates against), named in Chinese from it, with an
 * English description, a group, and the attributes a client fills in: first the complaint's own
 * fields every category has (the employer, the workers, for wage arrears the amount owed, and
 * the grid cell when there are no coordinates), then the category's catalogue attributes under
 * snake_case codes ({@code monthsUnpaid} → {@code months_unpaid}). Immutable and thread-safe.
 */
public final class ServiceCatalogue {
  /** Codes of the complaint's own fields, as clients send them ({@code attribute[employer_name]=...}). */
  public static final String EMPLOYER_NAME = "employer_name";
  public static final String EMPLOYER_CREDIT_CODE = "employer_credit_code";
  public static final String WORKERS_INVOLVED = "workers_involved";
  public static final String AMOUNT_OWED = "amount_owed";
  public static final String CELL_CODE = "cell_code";

  /**
   * One attribute of a service definition.
   *
   * @param catalogueName the attribute's name in the category catalogue, or null for one of the
   *     complaint's own fields
   * @param catalogueType the catalogue's type (integer, money, text, boolean, enum, enumList), or null
   * @param values the keys of a singlevaluelist or multivaluelist
   */
  public record Attribute(String code, String datatype, boolean required, String datatypeDescription,
      String description, String catalogueName, String catalogueType, List<String> values) {
    public Attribute {
      values = List.copyOf(values);
    }

    static Attribute field(String code, String datatype, boolean required, String datatypeDescription,
        String description) {
      return new Attribute(code, datatype, required, datatypeDescription, description, null, null, List.of());
    }

    public boolean multiple() {
      return "multivaluelist".equals(datatype);
    }
  }

  /** One service. */
  public record Service(String code, String name, String description, String group, String keywords,
      List<Attribute> attributes) {
    public Service {
      attributes = List.copyOf(attributes);
    }

    public Optional<Attribute> attribute(String attributeCode) {
      return attributes.stream().filter(a -> a.code().equals(attributeCode)).findFirst();
    }

    /** The entry of {@code GET services.json}. */
    public JsonObject toJson() {
      return new JsonObject().put("service_code", code).put("service_name", name).put("description", description)
          .put("metadata", !attributes.isEmpty()).put("type", "realtime").put("keywords", keywords)
          .put("group", group);
    }

    /** {@code GET services/{code}.json}. */
    public JsonObject definition() {
      JsonArray attrs = new JsonArray();
      int order = 1;
      for (Attribute a : attributes) {
        JsonObject o = new JsonObject().put("variable", true).put("code", a.code()).put("datatype", a.datatype())
            .put("required", a.required()).put("datatype_description", a.datatypeDescription())
            .put("order", order++).put("description", a.description());
        if (!a.values().isEmpty()) {
          JsonArray values = new JsonArray();
          a.values().forEach(v -> values.add(new JsonObject().put("key", v).put("name", valueName(a, v))));
          o.put("values", values);
        }
        attrs.add(o);
      }
      return new JsonObject().put("service_code", code).put("attributes", attrs);
    }
  }

  /** Open311 presentation per category: English description, group, keywords. */
  private record Presentation(String description, String group, String keywords) {}

  private static final Map<String, Presentation> PRESENTATION = Map.of(
      "WAGE_ARREARS", new Presentation("Wage arrears: wages unpaid, paid late or docked (拖欠、克扣工资). Name the"
          + " employer; give the amount owed, the months unpaid and how many workers are owed, as far as known.",
          "工资报酬 wages", "欠薪,讨薪,拖欠工资,克扣工资,unpaid wages,wage theft"),
      "LABOUR_CONTRACT", new Presentation("Labour contracts: no written contract, unlawful terms or termination, no"
          + " copy given (劳动合同).", "劳动合同 contracts", "劳动合同,未签合同,解除合同,labour contract,dismissal"),
      "SOCIAL_INSURANCE", new Presentation("Social insurance: contributions not paid or underpaid for employees"
          + " (社会保险).", "社会保险 social insurance", "社保,五险,养老保险,工伤保险,social insurance,pension"),
      "WORKING_HOURS", new Presentation("Working hours, rest days and leave: excessive overtime, no rest days,"
          + " overtime unpaid (工时、休息休假).", "工作条件 working conditions",
          "加班,超时,休息日,年休假,overtime,working hours,rest days"),
      "CHILD_LABOUR", new Presentation("Child labour: a worker under 16 employed (使用童工).",
          "工作条件 working conditions", "童工,未成年工,child labour"),
      "AGENCY_FEES", new Presentation("Employment agencies: unlawful fees, deposits or false job offers"
          + " (非法职业中介收费).", "工资报酬 wages", "中介费,押金,职业中介,agency fees,deposit,recruitment"),
      "OTHER", new Presentation("Other breaches of labour-security law not listed above (其他).", "其他 other",
          "其他,other"));

  private static final ServiceCatalogue STANDARD = of(CategoryCatalogue.bundled());
  private final Map<String, Service> services;

  private ServiceCatalogue(Map<String, Service> services) {
    this.services = services;
  }

  /** The services of the bundled category catalogue, in its order. */
  public static ServiceCatalogue standard() {
    return STANDARD;
  }

  /** The services of {@code catalogue}; fails when a category attribute's code collides with a field's. */
  static ServiceCatalogue of(CategoryCatalogue catalogue) {
    Map<String, Service> out = new LinkedHashMap<>();
    for (String code : catalogue.codes()) {
      out.put(code, service(catalogue.category(code)));
    }
    return new ServiceCatalogue(java.util.Collections.unmodifiableMap(out));
  }

  public List<Service> services() {
    return List.copyOf(services.values());
  }

  public Optional<Service> find(String code) {
    return Optional.ofNullable(code == null ? null : services.get(code));
  }

  private static Service service(CategoryCatalogue.Category c) {
    Presentation p = PRESENTATION.getOrDefault(c.code(), new Presentation(c.en() + " (" + c.zh() + ").", "其他 other",
        c.zh() + "," + c.en()));
    boolean wages = c.code().equals("WAGE_ARREARS");
    List<Attribute> a = new ArrayList<>();
    a.add(Attribute.field(EMPLOYER_NAME, "string", true, "Up to 200 characters.",
        "用人单位名称 The employer's name, as on its sign, contract or pay slip."));
    a.add(Attribute.field(EMPLOYER_CREDIT_CODE, "string", false,
        "18 characters: the unified social credit code (GB 32100-2015), checked.",
        "统一社会信用代码 The employer's unified social credit code, if known."));
    a.add(Attribute.field(WORKERS_INVOLVED, "number", wages,
        "A whole number from 1 to 100000" + (wages ? "." : "; 1 when not given."),
        "涉及人数 How many workers are affected."));
    if (wages) {
      a.add(Attribute.field(AMOUNT_OWED, "number", false, "Yuan, at most two decimals, e.g. 12500.00.",
          "拖欠金额 The total amount of wages owed, in yuan."));
    }
    a.add(Attribute.field(CELL_CODE, "string", false,
        "A GridWatch grid code of 6, 9, 12 or 14 digits. Only when lat and long are not known.",
        "网格编码 The grid cell where it happened, when no coordinates can be given (an address alone cannot be"
            + " placed in the grid)."));
    for (CategoryCatalogue.Attribute ca : c.attributes().values()) {
      String code = snake(ca.name());
      if (a.stream().anyMatch(x -> x.code().equals(code))) {
        throw new IllegalStateException("Category " + c.code() + " attribute " + ca.name() + " has the Open311 code "
            + code + ", which a complaint field already uses; rename it in " + CategoryCatalogue.RESOURCE);
      }
      a.add(categoryAttribute(code, ca));
    }
    return new Service(c.code(), c.zh(), p.description(), p.group(), p.keywords(), a);
  }

  private static Attribute categoryAttribute(String code, CategoryCatalogue.Attribute ca) {
    String description = ca.zh() + " " + ca.en() + ".";
    String range = ca.min() == null && ca.max() == null ? "" : ", from " + ca.min() + " to " + ca.max();
    return switch (ca.type()) {
      case "integer" -> new Attribute(code, "number", false, "A whole number" + range + ".", description,
          ca.name(), ca.type(), List.of());
      case "money" -> new Attribute(code, "number", false, "Yuan, at most two decimals.", description, ca.name(),
          ca.type(), List.of());
      case "text" -> new Attribute(code, "string", false, ca.max() == null ? null : "Up to " + ca.max()
          + " characters.", description, ca.name(), ca.type(), List.of());
      case "boolean" -> new Attribute(code, "singlevaluelist", false, "true or false.", description, ca.name(),
          ca.type(), List.of("true", "false"));
      case "enum" -> new Attribute(code, "singlevaluelist", false, "One of the values.", description, ca.name(),
          ca.type(), ca.values());
      case "enumList" -> new Attribute(code, "multivaluelist", false,
          "Any of the values: attribute[" + code + "][]=A&attribute[" + code + "][]=B.", description, ca.name(),
          ca.type(), ca.values());
      default -> throw new IllegalStateException("Unknown attribute type " + ca.type() + " in "
          + CategoryCatalogue.RESOURCE);
    };
  }

  private static String valueName(Attribute a, String key) {
    if ("boolean".equals(a.catalogueType())) {
      return key.equals("true") ? "是 yes" : "否 no";
    }
    return key;
  }

  /** {@code monthsUnpaid} → {@code months_unpaid}: Open311's codes are snake_case like its fields. */
  static String snake(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }
}
