package io.gridwatch.employers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CreditCodeTest {
  @Test
  void published_codes_pass_including_the_example_of_the_standard() {
    assertThat(CreditCode.isValid("91350100M000100Y43")).isTrue();
    assertThat(CreditCode.isValid("91110000802100433B")).isTrue();
    assertThat(CreditCode.isValid(" 91510100ma61r8xm4b ")).isTrue();
  }

  @Test
  void one_mistyped_character_is_caught_by_the_check_character() {
    assertThat(CreditCode.problem("91350100M000100Y44")).hasValueSatisfying(p -> assertThat(p).contains("expected '3'"));
    assertThat(CreditCode.isValid("91350100M000101Y43")).isFalse();
  }

  @Test
  void wrong_length_letters_and_region_are_named() {
    assertThat(CreditCode.problem("9135010")).hasValueSatisfying(p -> assertThat(p).contains("18 characters"));
    assertThat(CreditCode.problem("91350100I000100Y43")).hasValueSatisfying(p -> assertThat(p).contains("'I'"));
    assertThat(CreditCode.problem("9135A100M000100Y43")).hasValueSatisfying(p -> assertThat(p).contains("division code"));
    assertThat(CreditCode.problem(null)).isPresent();
  }

  @Test
  void every_check_character_can_occur_and_round_trips() {
    java.util.Set<Character> seen = new java.util.HashSet<>();
    for (int n = 0; n < 2000; n++) {
      String first17 = String.format("915101%011d", n).substring(0, 17);
      char check = CreditCode.checkCharacter(first17);
      seen.add(check);
      assertThat(CreditCode.isValid(first17 + check)).isTrue();
    }
    assertThat(seen).hasSize(31);
  }
}
