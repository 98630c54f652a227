package io.gridwatch.open311;

import io.gridwatch.cases.Complaint;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Open311 services: one per complaint category ({@link Complaint#CATEGORIES}), with a
 * Chinese {@code service_name}, an English description, a group, and the attributes a client
 * fills in (the employer for every service; for wage arrears also the amount owed and months
 * unpaid). A category added to {@link Complaint#CATEGORIES} without an entry here still becomes
 * a service, named by its code, so the list never falls behind. Immutable and thread-safe.
 */
public final class ServiceCatalogue {
  /** Attribute codes, as clients send them ({@code attribute[employer_name]=...}). */
  public static final String EMPLOYER_NAME = "employer_name";
  public static final String EMPLOYER_CREDIT_CODE = "employer_credit_code";
  public static final String WORKERS_INVOLVED = "workers_involved";
  public static final String AMOUNT_OWED = "amount_owed";
  public static final String MONTHS_UNPAID = "months_unpaid";
  public static final String CELL_CODE = "cell_code";

  /** One attribute of a service definition. */
  public record Attribute(String code, String datatype, boolean required, String datatypeDescription,
      String description) {}

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
        attrs.add(new JsonObject().put("variable", true).put("code", a.code()).put("datatype", a.datatype())
            .put("required", a.required()).put("datatype_description", a.datatypeDescription())
            .put("order", order++).put("description", a.description()));
      }
      return new JsonObject().put("service_code", code).put("attributes", attrs);
    }
  }

  private static final ServiceCatalogue STANDARD = build();
  private final Map<String, Service> services;

  private ServiceCatalogue(Map<String, Service> services) {
    this.services = services;
  }

  /** Every category of {@link Complaint#CATEGORIES}, in that order. */
  public static ServiceCatalogue standard() {
    return STANDARD;
  }

  public List<Service> services() {
    return List.copyOf(services.values());
  }

  public Optional<Service> find(String code) {
    return Optional.ofNullable(code == null ? null : services.get(code));
  }

  private static ServiceCatalogue build() {
    Map<String, Service> out = new LinkedHashMap<>();
    for (String category : Complaint.CATEGORIES) {
      out.put(category, service(category));
    }
    return new ServiceCatalogue(out);
  }

  private static Service service(String category) {
    return switch (category) {
      case "WAGE_ARREARS" -> new Service(category, "拖欠工资",
          "Wage arrears: wages or pay unpaid or paid late (拖欠、克扣工资). Name the employer; give the amount owed,"
              + " the months unpaid and how many workers are owed, as far as known.",
          "工资报酬 wages", "欠薪,讨薪,拖欠工资,克扣工资,unpaid wages,wage theft", wageAttributes());
      case "LABOUR_CONTRACT" -> new Service(category, "劳动合同",
          "Labour contracts: no written contract, unlawful terms or dismissal, no double pay for a missing contract"
              + " (劳动合同).",
          "劳动合同 contracts", "劳动合同,未签合同,解除合同,labour contract,dismissal", common(false));
      case "SOCIAL_INSURANCE" -> new Service(category, "社会保险",
          "Social insurance: contributions not paid or underpaid for employees (社会保险).",
          "社会保险 social insurance", "社保,五险,养老保险,工伤保险,social insurance,pension", common(false));
      case "WORKING_HOURS" -> new Service(category, "工作时间与休息休假",
          "Working hours, rest days and leave: excessive overtime, no rest days, overtime unpaid (工时、休息休假).",
          "工作条件 working conditions", "加班,超时,休息日,年休假,overtime,working hours,rest days", common(false));
      case "CHILD_LABOUR" -> new Service(category, "使用童工",
          "Child labour: a worker under 16 employed (使用童工). Reported to the inspection brigade at once.",
          "工作条件 working conditions", "童工,未成年工,child labour", common(false));
      case "AGENCY_FEES" -> new Service(category, "职业中介",
          "Employment agencies: unlawful fees, deposits or false job offers (职业中介、押金).",
          "工资报酬 wages", "中介费,押金,职业中介,agency fees,deposit,recruitment", common(false));
      case "OTHER" -> new Service(category, "其他劳动保障违法行为",
          "Other breaches of labour-security law not listed above (其他).",
          "其他 other", "其他,other", common(false));
      default -> new Service(category, category, "Complaints of category " + category + ".", "其他 other", category,
          common(false));
    };
  }

  private static List<Attribute> common(boolean workersRequired) {
    List<Attribute> a = new ArrayList<>();
    a.add(new Attribute(EMPLOYER_NAME, "string", true, "Up to 200 characters.",
        "用人单位名称 The employer's name, as on its sign, contract or pay slip."));
    a.add(new Attribute(EMPLOYER_CREDIT_CODE, "string", false,
        "18 characters: the unified social credit code (GB 32100-2015), checked.",
        "统一社会信用代码 The employer's unified social credit code, if known."));
    a.add(new Attribute(WORKERS_INVOLVED, "number", workersRequired,
        "A whole number from 1 to 100000" + (workersRequired ? "." : "; 1 when not given."),
        "涉及人数 How many workers are affected."));
    a.add(new Attribute(CELL_CODE, "string", false,
        "A GridWatch grid code of 6, 9, 12 or 14 digits. Only when lat and long are not known.",
        "网格编码 The grid cell where it happened, when no coordinates can be given (an address alone cannot be"
            + " placed in the grid)."));
    return a;
  }

  private static List<Attribute> wageAttributes() {
    List<Attribute> a = common(true);
    a.add(2, new Attribute(AMOUNT_OWED, "number", false,
        "Yuan, at most two decimals, e.g. 12500.00.",
        "拖欠金额 The total amount of wages owed, in yuan."));
    a.add(3, new Attribute(MONTHS_UNPAID, "number", false, "A whole number from 0 to 600.",
        "拖欠月数 For how many months wages have been unpaid."));
    return a;
  }
}
