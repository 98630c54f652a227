package io.gridwatch.demo;

import io.gridwatch.employers.ConstructionSafeguards;
import io.gridwatch.employers.CreditCode;
import io.gridwatch.employers.Employer;
import io.gridwatch.employers.Industry;
import io.gridwatch.employers.IntegrityRating;
import io.gridwatch.geo.model.GridCell;
import io.gridwatch.geo.GridResolver;
import io.gridwatch.geo.Resolution;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.locationtech.jts.geom.Envelope;

/**
 * The demo city's employer registry, invented from a seed: a few hundred employers with Chinese
 * names, valid unified social credit codes carrying their district's division code, industries
 * weighted as in a real city (and by district: cars in 龙泉驿, the airport's logistics in 双流,
 * the rail port in 青白江, little manufacturing in the centre), each at a point strictly inside a
 * level-3 cell of the grid. More employers sit in the five central districts, in 双流, 郫都 and
 * 龙泉驿, and around the high-tech zone (高新区, which has no division code of its own, so its
 * employers carry the code of the district their point falls in).
 *
 * <p>Pure: the same grid and seed give the same employers, so seeding twice inserts nothing new
 * (codes are unique). Stateless and thread-safe; the work is CPU-bound (point location), so call
 * it off the event loop.
 */
final class DemoEmployers {
  /** Fixed, like the demo grid's: the registry is part of the demo city, not of one run's traffic. */
  static final long SEED = 20260101L;
  static final int COUNT = 400;

  /** Relative density of employers by district; districts not listed weigh 1. */
  static final Map<String, Double> DISTRICT_WEIGHTS = Map.of(
      "510104", 6.0, "510105", 6.0, "510106", 6.0, "510107", 6.0, "510108", 6.0, // 锦江 青羊 金牛 武侯 成华
      "510116", 4.0, // 双流 (the airport, and much of the high-tech zone's south)
      "510117", 3.0, // 郫都 (高新西区, food industry)
      "510112", 3.0); // 龙泉驿 (the car industry)
  static final Set<String> CENTRAL = Set.of("510104", "510105", "510106", "510107", "510108");
  /** 高新区 (天府软件园, 新川): a hotspot drawn by area rather than by district. */
  static final Envelope HIGH_TECH_ZONE = new Envelope(104.04, 104.10, 30.53, 30.60);
  static final double HIGH_TECH_ZONE_WEIGHT = 4.0;
  /** Cities by the first four digits of their districts' codes, for names and addresses. */
  static final Map<String, String> CITIES = Map.of("5101", "成都", "5205", "毕节");

  private static final Map<Industry, Double> BASE_INDUSTRY = new EnumMap<>(Map.of(
      Industry.CONSTRUCTION, 22.0, Industry.MANUFACTURING, 16.0, Industry.CATERING, 22.0, Industry.RETAIL, 17.0,
      Industry.LOGISTICS, 9.0, Industry.SERVICES, 14.0));
  /** Median workforce and its spread (log-normal σ) by industry. */
  private static final Map<Industry, double[]> WORKFORCE = new EnumMap<>(Map.of(
      Industry.CONSTRUCTION, new double[] {80, 0.9}, Industry.MANUFACTURING, new double[] {120, 1.0},
      Industry.CATERING, new double[] {18, 0.7}, Industry.RETAIL, new double[] {15, 0.8},
      Industry.LOGISTICS, new double[] {45, 0.9}, Industry.SERVICES, new double[] {35, 1.0}));
  private static final String ORG_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  private static final int[] ORG_WEIGHTS = {3, 7, 9, 10, 5, 8, 4, 2};

  private DemoEmployers() {}

  /** {@link #COUNT} employers for the grid of {@code resolver}, from {@link #SEED}. */
  static List<Employer> generate(GridResolver resolver) {
    return generate(resolver, SEED, COUNT);
  }

  /**
   * {@code count} employers (fewer only if the grid has no level-3 cells), each strictly inside
   * a level-3 cell (not on a boundary, not snapped), with unique names and credit codes.
   */
  static List<Employer> generate(GridResolver resolver, long seed, int count) {
    Random rng = new Random(seed);
    Map<String, List<GridCell>> cellsByDistrict = new LinkedHashMap<>();
    for (GridCell c : resolver.cells(3, null)) {
      cellsByDistrict.computeIfAbsent(c.code().substring(0, 6), k -> new ArrayList<>()).add(c);
    }
    if (cellsByDistrict.isEmpty()) {
      return List.of();
    }
    List<String> areas = new ArrayList<>(cellsByDistrict.keySet());
    List<Double> weights = new ArrayList<>();
    areas.forEach(d -> weights.add(DISTRICT_WEIGHTS.getOrDefault(d, 1.0)));
    areas.add(null); // the high-tech zone
    weights.add(HIGH_TECH_ZONE_WEIGHT);

    List<Employer> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Set<String> codes = new HashSet<>();
    for (int attempts = 0; out.size() < count && attempts < count * 20; attempts++) {
      String district = areas.get(Weighted.index(rng, weights));
      Optional<Placed> placed = district == null ? inZone(rng, resolver)
          : inCell(rng, resolver, cellsByDistrict.get(district).get(rng.nextInt(cellsByDistrict.get(district).size())));
      if (placed.isEmpty()) {
        continue;
      }
      Placed p = placed.get();
      Industry industry = Weighted.pick(rng, industryWeights(p.cell.code().substring(0, 6), district == null));
      boolean individual = DemoNames.SHOPS.containsKey(industry) && rng.nextDouble() < 0.2;
      String name = name(rng, resolver, p.cell, industry, individual);
      String code = creditCode(rng, p.cell.code().substring(0, 6), individual);
      if (!names.add(name) || !codes.add(code)) {
        continue;
      }
      IntegrityRating rating = rating(rng, industry);
      out.add(Employer.unsaved(name, code, industry, address(rng, resolver, p.cell), p.lon, p.lat, p.cell.code(),
          workforce(rng, industry, individual), rating,
          industry == Industry.CONSTRUCTION ? safeguards(rng, rating) : null));
    }
    return out;
  }

  private record Placed(GridCell cell, double lon, double lat) {}

  /** A point strictly inside {@code cell}: rejection sampling in its envelope, checked by the resolver. */
  private static Optional<Placed> inCell(Random rng, GridResolver resolver, GridCell cell) {
    Envelope env = cell.geometry().getEnvelopeInternal();
    for (int i = 0; i < 40; i++) {
      Optional<Placed> p = placedAt(resolver, env.getMinX() + rng.nextDouble() * env.getWidth(),
          env.getMinY() + rng.nextDouble() * env.getHeight());
      if (p.isPresent() && p.get().cell.code().equals(cell.code())) {
        return p;
      }
    }
    return Optional.empty();
  }

  private static Optional<Placed> inZone(Random rng, GridResolver resolver) {
    Envelope z = HIGH_TECH_ZONE;
    for (int i = 0; i < 10; i++) {
      Optional<Placed> p = placedAt(resolver, z.getMinX() + rng.nextDouble() * z.getWidth(),
          z.getMinY() + rng.nextDouble() * z.getHeight());
      if (p.isPresent()) {
        return p;
      }
    }
    return Optional.empty();
  }

  /** The level-3 cell a point (rounded to 10 cm) lies strictly inside, if any. */
  private static Optional<Placed> placedAt(GridResolver resolver, double lon, double lat) {
    double x = Math.round(lon * 1e6) / 1e6;
    double y = Math.round(lat * 1e6) / 1e6;
    Optional<Resolution> r = resolver.resolve(x, y);
    if (r.isEmpty() || r.get().boundary() || r.get().snapped() || r.get().deepest().level() != 3) {
      return Optional.empty();
    }
    return Optional.of(new Placed(r.get().deepest(), x, y));
  }

  static Map<Industry, Double> industryWeights(String district, boolean highTechZone) {
    Map<Industry, Double> w = new EnumMap<>(BASE_INDUSTRY);
    if (highTechZone) {
      w.merge(Industry.SERVICES, 2.0, (a, b) -> a * b);
      w.merge(Industry.MANUFACTURING, 1.3, (a, b) -> a * b);
      w.merge(Industry.CONSTRUCTION, 0.8, (a, b) -> a * b);
    } else if (CENTRAL.contains(district)) {
      w.merge(Industry.MANUFACTURING, 0.25, (a, b) -> a * b);
      w.merge(Industry.LOGISTICS, 0.6, (a, b) -> a * b);
      w.merge(Industry.CATERING, 1.3, (a, b) -> a * b);
      w.merge(Industry.RETAIL, 1.3, (a, b) -> a * b);
      w.merge(Industry.SERVICES, 1.4, (a, b) -> a * b);
    } else {
      switch (district) {
        case "510112" -> w.merge(Industry.MANUFACTURING, 2.5, (a, b) -> a * b); // 龙泉驿: cars
        case "510116" -> w.merge(Industry.LOGISTICS, 2.5, (a, b) -> a * b); // 双流: the airport
        case "510113" -> w.merge(Industry.LOGISTICS, 3.0, (a, b) -> a * b); // 青白江: the rail port
        case "510117" -> w.merge(Industry.MANUFACTURING, 1.8, (a, b) -> a * b); // 郫都: food, electronics
        case "510114" -> {
          w.merge(Industry.MANUFACTURING, 1.5, (a, b) -> a * b); // 新都
          w.merge(Industry.LOGISTICS, 1.5, (a, b) -> a * b);
        }
        default -> {
          w.merge(Industry.CONSTRUCTION, 1.2, (a, b) -> a * b); // outer districts and counties
          w.merge(Industry.MANUFACTURING, 1.3, (a, b) -> a * b);
        }
      }
    }
    return w;
  }

  static String city(String district) {
    return CITIES.getOrDefault(district.substring(0, 4), "");
  }

  private static String name(Random rng, GridResolver resolver, GridCell cell, Industry industry, boolean individual) {
    String district = cell.code().substring(0, 6);
    if (individual) {
      String districtName = resolver.cell(district).map(GridCell::name).orElse("");
      return districtName + DemoNames.pick(rng, DemoNames.SURNAMES) + "记"
          + DemoNames.pick(rng, DemoNames.SHOPS.get(industry));
    }
    String prefix = rng.nextDouble() < 0.15 ? "四川" : city(district);
    String suffix = rng.nextDouble() < 0.1 ? "有限责任公司" : "有限公司";
    return prefix + DemoNames.pair(rng, DemoNames.BRAND_CHARS) + DemoNames.pick(rng, DemoNames.LINES.get(industry))
        + suffix;
  }

  private static String address(Random rng, GridResolver resolver, GridCell cell) {
    String district = cell.code().substring(0, 6);
    String districtName = resolver.cell(district).map(GridCell::name).orElse("");
    String street = cell.parentCode() == null ? "" : resolver.cell(cell.parentCode()).map(GridCell::name).orElse("");
    String city = city(district);
    String head = (city.isEmpty() ? "" : city + "市") + districtName + street;
    if (cell.name().endsWith("村")) {
      return head + cell.name() + (1 + rng.nextInt(12)) + "组" + (1 + rng.nextInt(80)) + "号";
    }
    return head + DemoNames.road(rng) + (1 + rng.nextInt(400)) + "号";
  }

  /**
   * A credit code: registration authority 9 (market regulation) with type 1 (company) or 2
   * (individual business), the district's division code, a GB 11714 organisation code (new style
   * {@code MA6…} as issued in Sichuan since 2015, or old style 8 digits) and the check character.
   */
  static String creditCode(Random rng, String division, boolean individual) {
    StringBuilder org = new StringBuilder();
    if (rng.nextDouble() < 0.65) {
      org.append("MA6");
      for (int i = 0; i < 5; i++) {
        org.append(ORG_CHARS.charAt(rng.nextInt(ORG_CHARS.length())));
      }
    } else {
      for (int i = 0; i < 8; i++) {
        org.append((char) ('0' + rng.nextInt(10)));
      }
    }
    org.append(organisationCheck(org));
    String first17 = (individual ? "92" : "91") + division + org;
    return first17 + CreditCode.checkCharacter(first17);
  }

  /** The check character of an 8-character organisation code (GB 11714-1997): 0-9 or X. */
  static char organisationCheck(CharSequence first8) {
    int sum = 0;
    for (int i = 0; i < 8; i++) {
      char c = first8.charAt(i);
      int v = Character.isDigit(c) ? c - '0' : c - 'A' + 10;
      sum += v * ORG_WEIGHTS[i];
    }
    int check = 11 - sum % 11;
    return check == 10 ? 'X' : check == 11 ? '0' : (char) ('0' + check);
  }

  private static int workforce(Random rng, Industry industry, boolean individual) {
    if (individual) {
      return 1 + rng.nextInt(8);
    }
    double[] m = WORKFORCE.get(industry);
    return (int) Math.max(3, Math.min(5000, Math.round(m[0] * Math.exp(m[1] * rng.nextGaussian()))));
  }

  private static IntegrityRating rating(Random rng, Industry industry) {
    double r = rng.nextDouble();
    double a = industry == Industry.CONSTRUCTION ? 0.50 : 0.65;
    double b = industry == Industry.CONSTRUCTION ? 0.85 : 0.92;
    return r < a ? IntegrityRating.A : r < b ? IntegrityRating.B : IntegrityRating.C;
  }

  private static ConstructionSafeguards safeguards(Random rng, IntegrityRating rating) {
    double p = switch (rating) {
      case A -> 0.97;
      case B -> 0.85;
      case C -> 0.55;
    };
    return new ConstructionSafeguards(rng.nextDouble() < p, rng.nextDouble() < p, rng.nextDouble() < p);
  }
}
