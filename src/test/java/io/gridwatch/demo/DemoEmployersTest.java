package io.gridwatch.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.employers.CreditCode;
import io.gridwatch.employers.Employer;
import io.gridwatch.employers.Industry;
import io.gridwatch.geo.GridResolver;
import io.gridwatch.geo.Resolution;
import io.gridwatch.testing.NeedsDatabase;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo city's employer registry, generated from the committed grid without a server. */
@NeedsDatabase
class DemoEmployersTest {
  private static GridResolver resolver;
  private static java.util.List<Employer> employers;

  @BeforeAll
  static void generate() {
    resolver = DemoCity.resolver();
    employers = DemoEmployers.generate(resolver);
  }

  @Test
  void a_few_hundred_employers_with_unique_names_and_valid_codes_carrying_their_district() {
    assertThat(employers).hasSize(DemoEmployers.COUNT);
    assertThat(employers.stream().map(Employer::name).distinct().count()).isEqualTo(employers.size());
    assertThat(employers.stream().map(Employer::creditCode).distinct().count()).isEqualTo(employers.size());
    for (Employer e : employers) {
      assertThat(CreditCode.problem(e.creditCode())).as(e.creditCode()).isEmpty();
      assertThat(e.creditCode().substring(2, 8)).as(e.name()).isEqualTo(e.cellCode().substring(0, 6));
      assertThat(e.creditCode()).matches("9[12][0-9]{6}.{10}");
      // The organisation code inside (characters 9-17) has its own GB 11714 check character.
      assertThat(DemoEmployers.organisationCheck(e.creditCode().substring(8, 16))).isEqualTo(e.creditCode().charAt(16));
      assertThat(e.name()).matches("\\p{IsHan}+");
      assertThat(e.address()).startsWith("成都市");
    }
  }

  @Test
  void every_employer_lies_strictly_inside_its_level_3_cell() {
    for (Employer e : employers) {
      Optional<Resolution> r = resolver.resolve(e.lon(), e.lat());
      assertThat(r).as(e.name()).isPresent();
      assertThat(r.get().deepest().code()).isEqualTo(e.cellCode());
      assertThat(r.get().deepest().level()).isEqualTo(3);
      assertThat(r.get().boundary()).isFalse();
      assertThat(r.get().snapped()).isFalse();
    }
  }

  @Test
  void the_central_districts_and_the_growth_districts_hold_more_employers_than_the_rest() {
    Map<String, Long> byDistrict = employers.stream()
        .collect(Collectors.groupingBy(e -> e.cellCode().substring(0, 6), Collectors.counting()));
    long central = DemoEmployers.CENTRAL.stream().mapToLong(d -> byDistrict.getOrDefault(d, 0L)).sum();
    assertThat(central).isGreaterThan(employers.size() * 2 / 5);
    long quietest = DemoEmployers.CENTRAL.stream().mapToLong(d -> byDistrict.getOrDefault(d, 0L)).min().orElseThrow();
    // 新津 (510118), 蒲江 (510131): outer, weight 1.
    assertThat(quietest).isGreaterThan(byDistrict.getOrDefault("510118", 0L));
    assertThat(quietest).isGreaterThan(byDistrict.getOrDefault("510131", 0L));
    assertThat(byDistrict.getOrDefault("510116", 0L)).isGreaterThan(byDistrict.getOrDefault("510131", 0L));
    assertThat(byDistrict.keySet()).hasSizeGreaterThanOrEqualTo(15);
  }

  @Test
  void industries_are_mixed_like_a_city_and_only_construction_has_the_wage_safeguards() {
    Map<Industry, Long> byIndustry = employers.stream().collect(Collectors.groupingBy(Employer::industry,
        Collectors.counting()));
    assertThat(byIndustry.keySet()).containsExactlyInAnyOrder(Industry.values());
    assertThat(byIndustry.values()).allMatch(n -> n >= 15);
    assertThat(byIndustry.get(Industry.CONSTRUCTION)).isGreaterThan(byIndustry.get(Industry.LOGISTICS));
    assertThat(employers).allMatch(e -> (e.industry() == Industry.CONSTRUCTION) == (e.construction() != null));
    // The centre makes little; 龙泉驿 makes cars.
    Function<String, Double> manufacturingShare = d -> employers.stream().filter(e -> e.cellCode().startsWith(d))
        .mapToDouble(e -> e.industry() == Industry.MANUFACTURING ? 1 : 0).average().orElse(0);
    double centre = DemoEmployers.CENTRAL.stream().mapToDouble(manufacturingShare::apply).average().orElseThrow();
    assertThat(manufacturingShare.apply("510112")).isGreaterThan(centre);
  }

  @Test
  void the_same_seed_gives_the_same_registry_and_another_seed_another() {
    assertThat(DemoEmployers.generate(resolver)).isEqualTo(employers);
    assertThat(DemoEmployers.generate(resolver, 7, 50)).isNotEqualTo(employers.subList(0, 50));
  }

  @Test
  void organisation_check_characters_follow_gb_11714() {
    // Worked example of GB 11714-1997: D2143569 → check character X.
    assertThat(DemoEmployers.organisationCheck("D2143569")).isEqualTo('X');
    Random rng = new Random(1);
    for (int i = 0; i < 200; i++) {
      assertThat(CreditCode.isValid(DemoEmployers.creditCode(rng, "510104", i % 2 == 0))).isTrue();
    }
  }
}
