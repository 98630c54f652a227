package io.gridwatch.demo;

import io.gridwatch.cases.CategoryCatalogue;
import io.gridwatch.cases.Complaint;
import io.gridwatch.cases.clock.Urgency;
import io.gridwatch.employers.Employer;
import io.gridwatch.employers.Industry;
import io.gridwatch.employers.IntegrityRating;
import io.gridwatch.geo.GridResolver;
import io.gridwatch.geo.crs.Crs;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Invents complaints as a city's intake desk receives them: categories weighted (wage arrears
 * dominant, more of it, and more of it from construction, as the Spring Festival approaches;
 * contracts, social insurance, working hours; few child-labour and agency-fee cases), employers
 * chosen by how likely they are to be complained about (industry, integrity rating, size),
 * amounts owed log-normal and proportional to the workers involved, mostly 1-10 workers with the
 * odd mass incident of 30-200, channels weighted (12333 hotline first), the place near the
 * employer, and a synthetic complainant.
 *
 * <p>Complainants' phone numbers start with 154, a mobile prefix no operator has been assigned:
 * they look valid in masked form (154****1234) and reach nobody. Names are common surnames and
 * given names, drawn at random.
 *
 * <p>Deterministic for a given {@link Random}; not thread-safe (one per traffic verticle).
 */
final class DemoComplaints {
  /** A complaint, the employer it is about, and how it came in. */
  record Generated(Complaint complaint, Employer employer) {
    boolean patrol() {
      return "PATROL".equals(complaint.channel());
    }
  }

  static final Map<String, Double> CATEGORIES = ordered(
      "WAGE_ARREARS", 52.0, "LABOUR_CONTRACT", 15.0, "SOCIAL_INSURANCE", 13.0, "WORKING_HOURS", 10.0,
      "CHILD_LABOUR", 1.0, "AGENCY_FEES", 3.0, "OTHER", 6.0);
  static final Map<String, Double> CHANNELS = ordered(
      "HOTLINE", 38.0, "ONLINE", 20.0, "HOTLINE_12345", 15.0, "WINDOW", 10.0, "PATROL", 8.0,
      "NATIONAL_PLATFORM", 6.0, "LETTER_VISIT", 3.0);
  /** Monthly wage (yuan) by industry, for what a worker is owed. */
  private static final Map<Industry, Integer> MONTHLY_WAGE = new EnumMap<>(Map.of(
      Industry.CONSTRUCTION, 6500, Industry.MANUFACTURING, 5200, Industry.CATERING, 4200, Industry.RETAIL, 4000,
      Industry.LOGISTICS, 5600, Industry.SERVICES, 4300));
  /** The smallest group the demo calls a mass incident (群体性事件, grade I at 30 or more). */
  static final int MASS_INCIDENT = 30;

  private final List<Employer> employers;
  private final GridResolver resolver;

  DemoComplaints(List<Employer> employers, GridResolver resolver) {
    if (employers.isEmpty()) {
      throw new IllegalArgumentException("no employers to complain about");
    }
    this.employers = List.copyOf(employers);
    this.resolver = resolver;
  }

  /**
   * A new complaint. {@code rush} is {@link SpringFestival#rush} of today; {@code about}, when
   * not null, is an employer already complained about with {@code category} (another worker of
   * the same site calling separately).
   */
  Generated next(Random rng, double rush, Employer about, String category) {
    String cat = category != null ? category : Weighted.pick(rng, categories(rush));
    Employer employer = about != null ? about : employer(rng, cat, rush);
    String channel = Weighted.pick(rng, CHANNELS);
    if (channel.equals("NATIONAL_PLATFORM") && !cat.equals("WAGE_ARREARS")) {
      channel = "HOTLINE"; // the national platform takes wage-arrears clues only
    }
    int workers = workers(rng, cat, employer, rush);
    int months = monthsOwed(rng, employer, rush);
    BigDecimal amount = amount(rng, cat, employer, workers, months);
    Urgency urgency = workers >= MASS_INCIDENT || cat.equals("CHILD_LABOUR") ? Urgency.URGENT : Urgency.NORMAL;
    String creditCode = rng.nextDouble() < (channel.equals("WINDOW") || channel.equals("NATIONAL_PLATFORM")
        || channel.equals("LETTER_VISIT") ? 0.7 : 0.3) ? employer.creditCode() : null;
    Story story = story(rng, cat, channel, employer, workers, amount, months, rush);
    JsonObject attributes = CategoryCatalogue.bundled().validate(cat, story.attributes(), (field, problem) -> {
      throw new IllegalStateException("demo complaint with a bad " + field + ": " + problem);
    });
    Complaint c = new Complaint(channel, cat, location(rng, employer, channel), null, employer.name(), creditCode,
        workers, amount, story.description(), DemoNames.person(rng), phone(rng), null, urgency, attributes);
    return new Generated(c, employer);
  }

  static Map<String, Double> categories(double rush) {
    Map<String, Double> w = new LinkedHashMap<>(CATEGORIES);
    w.computeIfPresent("WAGE_ARREARS", (k, v) -> v * (1 + 1.5 * rush));
    return w;
  }

  /** How much more (or less) an industry draws complaints of a category. */
  static double affinity(String category, Industry industry, double rush) {
    return switch (category) {
      case "WAGE_ARREARS" -> switch (industry) {
        case CONSTRUCTION -> 4.0 * (1 + 1.5 * rush);
        case MANUFACTURING, CATERING -> 1.5;
        case LOGISTICS, SERVICES -> 1.2;
        case RETAIL -> 1.0;
      };
      case "LABOUR_CONTRACT" -> industry == Industry.CATERING ? 2.0 : industry == Industry.LOGISTICS ? 1.0 : 1.5;
      case "SOCIAL_INSURANCE" -> industry == Industry.MANUFACTURING ? 2.0
          : industry == Industry.SERVICES || industry == Industry.LOGISTICS ? 1.5 : 1.0;
      case "WORKING_HOURS" -> switch (industry) {
        case MANUFACTURING -> 2.5;
        case LOGISTICS -> 2.0;
        case CATERING -> 1.5;
        case CONSTRUCTION -> 0.7;
        default -> 1.0;
      };
      case "CHILD_LABOUR" -> industry == Industry.CATERING || industry == Industry.MANUFACTURING ? 2.0 : 0.3;
      case "AGENCY_FEES" -> industry == Industry.SERVICES ? 4.0 : 0.3;
      default -> 1.0;
    };
  }

  private Employer employer(Random rng, String category, double rush) {
    List<Double> weights = new ArrayList<>(employers.size());
    for (Employer e : employers) {
      double rating = e.rating() == IntegrityRating.C ? 5 : e.rating() == IntegrityRating.B ? 2 : 1;
      weights.add(affinity(category, e.industry(), rush) * rating * Math.sqrt(Math.max(1, e.workforce())));
    }
    return employers.get(Weighted.index(rng, weights));
  }

  /** Mostly 1-10 (fewer more likely); now and then a mass incident of 30-200. */
  static int workers(Random rng, String category, Employer employer, double rush) {
    double mass = category.equals("WAGE_ARREARS")
        ? (employer.industry() == Industry.CONSTRUCTION ? 0.05 + 0.05 * rush : 0.012) : 0.003;
    if (employer.workforce() >= MASS_INCIDENT && rng.nextDouble() < mass) {
      return (int) Math.min(200, MASS_INCIDENT + Math.round(Math.exp(3.2 + 0.8 * rng.nextGaussian())));
    }
    // P(k) proportional to k^-1.3 over 1..10: about 40 % single complainants.
    double[] w = new double[10];
    double total = 0;
    for (int k = 1; k <= 10; k++) {
      w[k - 1] = Math.pow(k, -1.3);
      total += w[k - 1];
    }
    double x = rng.nextDouble() * total;
    for (int k = 1; k <= 10; k++) {
      x -= w[k - 1];
      if (x < 0) {
        return Math.min(k, Math.max(1, employer.workforce()));
      }
    }
    return 1;
  }

  /** Months owed: mostly one to three; construction settles the year before the festival. At most 10. */
  static int monthsOwed(Random rng, Employer employer, double rush) {
    double mean = employer.industry() == Industry.CONSTRUCTION ? 1.5 + 2 * rush : 1.2;
    return (int) Math.min(10, 1 + Math.floor(-Math.log(1 - rng.nextDouble()) * mean));
  }

  /**
   * Wage arrears: workers × monthly wage × months owed × a log-normal factor; agency fees: a fee
   * per worker. Null for the other categories.
   */
  static BigDecimal amount(Random rng, String category, Employer employer, int workers, int months) {
    if (category.equals("WAGE_ARREARS")) {
      double yuan = workers * MONTHLY_WAGE.get(employer.industry()) * months * Math.exp(0.35 * rng.nextGaussian());
      return round(yuan);
    }
    if (category.equals("AGENCY_FEES")) {
      return round(workers * (300 + rng.nextDouble() * 2700));
    }
    return null;
  }

  /** To 10 yuan below 10 000, to 100 yuan above, as people report amounts. */
  private static BigDecimal round(double yuan) {
    long step = yuan < 10_000 ? 10 : 100;
    long rounded = Math.max(step, Math.round(yuan / step) * step);
    return BigDecimal.valueOf(rounded).setScale(2, RoundingMode.UNNECESSARY);
  }

  /**
   * Where it happened: near the employer (a patrol stands at the gate, a caller is on the site),
   * in the coordinate system of the channel's map (Amap's GCJ-02 for the online form, Baidu's
   * BD-09 for half the 12345 transfers). Falls back to the employer's own point when the
   * scattered one would leave the grid.
   */
  private Complaint.Location location(Random rng, Employer e, String channel) {
    double sigmaMetres = channel.equals("PATROL") ? 15 : 50;
    double lat = e.lat() + rng.nextGaussian() * sigmaMetres / 111_320.0;
    double lon = e.lon() + rng.nextGaussian() * sigmaMetres / (111_320.0 * Math.cos(Math.toRadians(e.lat())));
    if (resolver.resolve(lon, lat).isEmpty()) {
      lon = e.lon();
      lat = e.lat();
    }
    Crs crs = Crs.WGS84;
    if (channel.equals("ONLINE") && rng.nextDouble() < 0.7) {
      crs = Crs.GCJ02;
    } else if (channel.equals("HOTLINE_12345") && rng.nextDouble() < 0.5) {
      crs = Crs.BD09;
    }
    double[] p = crs.fromWgs84(lon, lat);
    return new Complaint.Location(Math.round(p[0] * 1e6) / 1e6, Math.round(p[1] * 1e6) / 1e6, crs);
  }

  /** 154 + 8 digits: valid in form, never assigned (see the class comment). */
  static String phone(Random rng) {
    return "154" + String.format("%08d", rng.nextInt(100_000_000));
  }

  /** What the complainant says, and the category's attributes (GET /api/complaints/categories) it carries. */
  record Story(String description, JsonObject attributes) {}

  private static Story story(Random rng, String category, String channel, Employer e, int workers,
      BigDecimal amount, int months, double rush) {
    String who = e.name();
    String yuan = amount == null ? "" : amount.setScale(0, RoundingMode.HALF_UP).toPlainString() + "元";
    JsonObject a = new JsonObject();
    String text;
    switch (category) {
      case "WAGE_ARREARS" -> {
        boolean construction = e.industry() == Industry.CONSTRUCTION;
        a.put("monthsUnpaid", months).put("construction", construction);
        if (construction) {
          String project = DemoNames.pick(rng, DemoNames.ROAD_WORDS) + DemoNames.pick(rng, DemoNames.PROJECT_KINDS)
              + DemoNames.pick(rng, DemoNames.PROJECT_PHASES);
          a.put("projectName", project + "项目");
          if (rng.nextDouble() < 0.6) {
            a.put("contractorName", "四川" + DemoNames.pair(rng, DemoNames.BRAND_CHARS) + "建设集团有限公司");
          }
          text = workers >= MASS_INCIDENT
              ? workers + "名农民工聚集在" + project + "项目部，讨要" + who + "拖欠的" + months + "个月工资约" + yuan
                  + "，情绪激动，请求尽快到场处置。"
              : (rush > 0.3 ? "临近春节，" : "") + project + "项目" + workers + "名农民工反映" + who + "拖欠" + months
                  + "个月工资共计约" + yuan + "，包工头称总包方未拨付进度款，多次讨要未果。";
        } else {
          text = workers >= MASS_INCIDENT
              ? workers + "名员工聚集在" + who + "门口，讨要被拖欠的" + months + "个月工资约" + yuan + "，请求尽快到场处置。"
              : who + "已拖欠" + workers + "名员工" + months + "个月工资，共计约" + yuan
                  + (rush > 0.3 ? "，员工急于返乡过年。" : "，多次催要未果。");
        }
      }
      case "LABOUR_CONTRACT" -> {
        if (rng.nextBoolean()) {
          int m = 2 + rng.nextInt(10);
          a.put("issue", "NOT_SIGNED").put("monthsWithoutContract", m);
          text = who + "员工入职" + m + "个月未签订书面劳动合同，涉及" + workers + "人。";
        } else {
          a.put("issue", "UNLAWFUL_TERMINATION");
          text = who + "单方面解除劳动合同，未支付经济补偿，涉及" + workers + "人。";
        }
      }
      case "SOCIAL_INSURANCE" -> {
        int m = 3 + rng.nextInt(22);
        a.put("monthsUnpaid", m);
        if (rng.nextBoolean()) {
          a.put("insurances", new JsonArray(List.of("PENSION", "MEDICAL", "UNEMPLOYMENT", "WORK_INJURY", "MATERNITY")));
          text = who + "已" + m + "个月未为" + workers + "名员工缴纳社会保险。";
        } else {
          a.put("insurances", new JsonArray(List.of("WORK_INJURY")));
          text = who + "未为" + workers + "名一线员工缴纳工伤保险，已" + m + "个月。";
        }
      }
      case "WORKING_HOURS" -> {
        int daily = 11 + rng.nextInt(3);
        int rest = 1 + rng.nextInt(3);
        a.put("weeklyHours", Math.round(daily * (30 - rest) / 30.0 * 7)).put("restDaysPerMonth", rest)
            .put("overtimeUnpaid", true);
        text = who + "要求员工每天工作" + daily + "小时，每月仅休息" + rest + "天，加班费未足额支付，涉及" + workers + "人。";
      }
      case "CHILD_LABOUR" -> {
        a.put("youngestAge", 14 + rng.nextInt(2)).put("childrenInvolved", workers);
        text = "群众举报" + who + "疑似使用未满十六周岁人员" + workers + "名，请核查。";
      }
      case "AGENCY_FEES" -> {
        a.put("agencyName", who).put("feeAmount", amount.toPlainString());
        text = who + "以介绍工作为名向" + workers + "人收取中介费共计" + yuan + "，未安排工作且拒不退还。";
      }
      default -> text = who + DemoNames.pick(rng, List.of("扣押员工身份证件。", "未按规定发放高温津贴。", "孕期女职工被降薪调岗。",
          "强制员工签订自愿放弃社保声明。"));
    }
    String said = switch (channel) {
      case "PATROL" -> "网格员巡查发现：" + text;
      case "HOTLINE_12345" -> "12345热线转办：" + text;
      case "NATIONAL_PLATFORM" -> "国家根治欠薪线索反映平台转办：" + text;
      case "LETTER_VISIT" -> "来信反映：" + text;
      default -> text;
    };
    return new Story(said, a);
  }

  private static Map<String, Double> ordered(Object... pairs) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], (Double) pairs[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(m);
  }
}
