package io.gridwatch.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.cases.Complaint;
import io.gridwatch.cases.clock.Urgency;
import io.gridwatch.employers.Employer;
import io.gridwatch.employers.Industry;
import io.gridwatch.geo.model.GeoMath;
import io.gridwatch.geo.GridResolver;
import io.gridwatch.testing.NeedsDatabase;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The invented complaint stream's mix, on the demo city's registry, without a server. */
@NeedsDatabase
class DemoComplaintsTest {
  private static final int N = 3000;
  private static GridResolver resolver;
  private static DemoComplaints generator;
  private static List<DemoComplaints.Generated> ordinary;
  private static List<DemoComplaints.Generated> rush;

  @BeforeAll
  static void generate() {
    resolver = DemoCity.resolver();
    generator = new DemoComplaints(DemoEmployers.generate(resolver), resolver);
    ordinary = stream(new Random(1), 0.0);
    rush = stream(new Random(1), 1.0);
  }

  private static List<DemoComplaints.Generated> stream(Random rng, double rush) {
    List<DemoComplaints.Generated> out = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      out.add(generator.next(rng, rush, null, null));
    }
    return out;
  }

  private static <K> Map<K, Long> count(List<DemoComplaints.Generated> list, Function<DemoComplaints.Generated, K> key) {
    return list.stream().collect(Collectors.groupingBy(key, Collectors.counting()));
  }

  private static double share(List<DemoComplaints.Generated> list, java.util.function.Predicate<DemoComplaints.Generated> p) {
    return list.stream().filter(p).count() / (double) list.size();
  }

  @Test
  void wage_arrears_dominate_and_every_category_occurs_child_labour_and_agency_fees_rarely() {
    Map<String, Long> byCategory = count(ordinary, g -> g.complaint().category());
    assertThat(byCategory.keySet()).containsExactlyInAnyOrderElementsOf(Complaint.CATEGORIES);
    String top = byCategory.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    assertThat(top).isEqualTo("WAGE_ARREARS");
    assertThat(share(ordinary, g -> g.complaint().category().equals("WAGE_ARREARS"))).isBetween(0.40, 0.65);
    assertThat(share(ordinary, g -> g.complaint().category().equals("CHILD_LABOUR"))).isLessThan(0.03);
    assertThat(share(ordinary, g -> g.complaint().category().equals("AGENCY_FEES"))).isLessThan(0.06);
  }

  @Test
  void before_the_spring_festival_more_of_it_is_wage_arrears_and_more_of_that_from_construction() {
    java.util.function.Predicate<DemoComplaints.Generated> wages = g -> g.complaint().category().equals("WAGE_ARREARS");
    assertThat(share(rush, wages)).isGreaterThan(share(ordinary, wages) + 0.1);
    double constructionOrdinary = share(ordinary.stream().filter(wages).toList(),
        g -> g.employer().industry() == Industry.CONSTRUCTION);
    double constructionRush = share(rush.stream().filter(wages).toList(), g -> g.employer().industry() == Industry.CONSTRUCTION);
    assertThat(constructionOrdinary).isGreaterThan(0.3);
    assertThat(constructionRush).isGreaterThan(constructionOrdinary + 0.1);
  }

  @Test
  void mostly_one_to_ten_workers_with_the_odd_urgent_mass_incident() {
    assertThat(share(ordinary, g -> g.complaint().workersInvolved() <= 10)).isGreaterThan(0.9);
    assertThat(share(ordinary, g -> g.complaint().workersInvolved() == 1)).isBetween(0.25, 0.5);
    List<Complaint> mass = ordinary.stream().map(DemoComplaints.Generated::complaint)
        .filter(c -> c.workersInvolved() >= DemoComplaints.MASS_INCIDENT).toList();
    assertThat(mass).isNotEmpty().allMatch(c -> c.workersInvolved() <= 200).allMatch(c -> c.urgency() == Urgency.URGENT);
    assertThat(ordinary).allMatch(g -> g.complaint().workersInvolved() >= 1 && g.complaint().workersInvolved() <= 200);
    assertThat(ordinary).noneMatch(g -> g.complaint().workersInvolved() > 10
        && g.complaint().workersInvolved() < DemoComplaints.MASS_INCIDENT);
  }

  @Test
  void amounts_are_owed_for_wages_and_fees_only_and_grow_with_the_workers() {
    for (DemoComplaints.Generated g : ordinary) {
      Complaint c = g.complaint();
      boolean money = c.category().equals("WAGE_ARREARS") || c.category().equals("AGENCY_FEES");
      assertThat(c.amountOwed() != null).as(c.category()).isEqualTo(money);
      if (money) {
        assertThat(c.amountOwed().signum()).isPositive();
        assertThat(c.amountOwed().scale()).isEqualTo(2);
      }
    }
    Function<List<DemoComplaints.Generated>, BigDecimal> median = list -> {
      List<BigDecimal> amounts = list.stream().map(g -> g.complaint().amountOwed()).sorted().toList();
      return amounts.get(amounts.size() / 2);
    };
    List<DemoComplaints.Generated> wages = ordinary.stream()
        .filter(g -> g.complaint().category().equals("WAGE_ARREARS")).toList();
    BigDecimal one = median.apply(wages.stream().filter(g -> g.complaint().workersInvolved() == 1).toList());
    BigDecimal several = median.apply(wages.stream().filter(g -> g.complaint().workersInvolved() >= 5
        && g.complaint().workersInvolved() <= 10).toList());
    BigDecimal mass = median.apply(wages.stream().filter(g -> g.complaint().workersInvolved() >= 30).toList());
    assertThat(one).isBetween(new BigDecimal("2000"), new BigDecimal("20000"));
    assertThat(several).isGreaterThan(one.multiply(BigDecimal.valueOf(3)));
    assertThat(mass).isGreaterThan(several.multiply(BigDecimal.valueOf(3)));
    // The spread is log-normal: the largest single-worker claim is several times the median.
    BigDecimal largestOne = wages.stream().filter(g -> g.complaint().workersInvolved() == 1)
        .map(g -> g.complaint().amountOwed()).max(Comparator.naturalOrder()).orElseThrow();
    assertThat(largestOne).isGreaterThan(one.multiply(BigDecimal.valueOf(3)));
  }

  @Test
  void the_12333_hotline_brings_most_and_the_national_platform_only_wage_arrears() {
    Map<String, Long> byChannel = count(ordinary, g -> g.complaint().channel());
    assertThat(byChannel.keySet()).containsExactlyInAnyOrderElementsOf(Complaint.CHANNELS);
    String top = byChannel.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    assertThat(top).isEqualTo("HOTLINE");
    assertThat(byChannel.get("LETTER_VISIT")).isLessThan(byChannel.get("ONLINE"));
    assertThat(ordinary).filteredOn(g -> g.complaint().channel().equals("NATIONAL_PLATFORM"))
        .allMatch(g -> g.complaint().category().equals("WAGE_ARREARS"));
  }

  @Test
  void complaints_happen_near_their_employer_in_the_channels_coordinate_system() {
    for (DemoComplaints.Generated g : ordinary) {
      Complaint c = g.complaint();
      double[] wgs = c.location().wgs84();
      assertThat(resolver.resolve(wgs[0], wgs[1])).as(c.employerName()).isPresent();
      Employer e = g.employer();
      assertThat(GeoMath.haversineMetres(wgs[0], wgs[1], e.lon(), e.lat())).isLessThan(400);
      assertThat(c.employerName()).isEqualTo(e.name());
      assertThat(c.employerCreditCode() == null || c.employerCreditCode().equals(e.creditCode())).isTrue();
    }
    assertThat(ordinary).anyMatch(g -> g.complaint().location().crs() != io.gridwatch.geo.crs.Crs.WGS84);
    assertThat(count(ordinary, g -> g.employer().cellCode().substring(0, 6)).keySet()).hasSizeGreaterThan(10);
  }

  @Test
  void complainants_are_synthetic_with_numbers_no_operator_has_been_given() {
    for (DemoComplaints.Generated g : ordinary) {
      assertThat(g.complaint().complainantPhone()).matches("154[0-9]{8}");
      assertThat(g.complaint().complainantName()).matches("\\p{IsHan}{2,3}");
      assertThat(g.complaint().complainantIdNumber()).isNull();
      assertThat(g.complaint().description()).isNotBlank().contains(g.employer().name());
    }
  }

  @Test
  void each_carries_the_attributes_of_its_category_as_the_catalogue_defines_them() {
    var catalogue = io.gridwatch.cases.CategoryCatalogue.bundled();
    for (DemoComplaints.Generated g : ordinary) {
      Complaint c = g.complaint();
      List<String> problems = new ArrayList<>();
      assertThat(catalogue.validate(c.category(), c.attributes(), (f, m) -> problems.add(f + " " + m)))
          .isEqualTo(c.attributes());
      assertThat(problems).isEmpty();
      if (c.category().equals("WAGE_ARREARS")) {
        assertThat(c.attributes().getInteger("monthsUnpaid")).isBetween(1, 10);
        assertThat(c.attributes().getBoolean("construction")).isEqualTo(g.employer().industry() == Industry.CONSTRUCTION);
        assertThat(c.description()).contains(c.attributes().getInteger("monthsUnpaid") + "个月");
      }
      if (c.category().equals("AGENCY_FEES")) {
        assertThat(c.attributes().getString("feeAmount")).isEqualTo(c.amountOwed().toPlainString());
      }
    }
    // Arrears of one month, of two, and of more: every colour of the three-colour warning.
    assertThat(ordinary.stream().filter(g -> g.complaint().category().equals("WAGE_ARREARS"))
        .map(g -> Math.min(3, g.complaint().attributes().getInteger("monthsUnpaid"))).distinct().count()).isEqualTo(3);
  }

  @Test
  void a_repeat_complaint_is_about_the_same_employer_and_matter() {
    DemoComplaints.Generated first = ordinary.get(0);
    DemoComplaints.Generated again = generator.next(new Random(2), 0, first.employer(), first.complaint().category());
    assertThat(again.employer()).isEqualTo(first.employer());
    assertThat(again.complaint().category()).isEqualTo(first.complaint().category());
  }

  @Test
  void the_rush_builds_before_the_festival_and_ends_with_it() {
    var festival = java.time.LocalDate.of(2026, 2, 17);
    assertThat(SpringFestival.rush(festival.minusDays(100))).isZero();
    assertThat(SpringFestival.rush(festival.minusDays(50))).isBetween(0.2, 0.8);
    assertThat(SpringFestival.rush(festival.minusDays(10))).isEqualTo(1.0);
    assertThat(SpringFestival.rush(festival.minusDays(1))).isEqualTo(1.0);
    assertThat(SpringFestival.rush(festival)).isZero();
    assertThat(SpringFestival.rush(java.time.LocalDate.of(2026, 7, 1))).isZero();
  }
}
