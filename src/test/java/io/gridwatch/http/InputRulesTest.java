package io.gridwatch.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/** The input rules on their own: coordinates, text and times, as every route applies them. */
class InputRulesTest {

  @Test
  void coordinates_must_be_finite_in_range_and_either_zero_or_not_absurdly_close_to_it() {
    assertThat(Coordinates.longitudeProblem(104.0805)).isNull();
    assertThat(Coordinates.latitudeProblem(30.657)).isNull();
    assertThat(Coordinates.longitudeProblem(0)).isNull();
    assertThat(Coordinates.latitudeProblem(-0.0)).isNull();
    assertThat(Coordinates.longitudeProblem(1e-9)).isNull();
    assertThat(Coordinates.longitudeProblem(-180)).isNull();
    assertThat(Coordinates.latitudeProblem(90)).isNull();

    assertThat(Coordinates.longitudeProblem(1e-320)).contains("too close to 0");
    assertThat(Coordinates.latitudeProblem(-Double.MIN_VALUE)).contains("too close to 0");
    assertThat(Coordinates.latitudeProblem(9.99e-10)).contains("too close to 0");
    assertThat(Coordinates.longitudeProblem(Double.NaN)).contains("finite");
    assertThat(Coordinates.longitudeProblem(Double.POSITIVE_INFINITY)).contains("finite");
    assertThat(Coordinates.longitudeProblem(180.0000001)).contains("out of range");
    assertThat(Coordinates.latitudeProblem(-90.5)).contains("out of range");
    assertThat(Coordinates.valid(104.08, 30.65)).isTrue();
    assertThat(Coordinates.valid(104.08, 1e-320)).isFalse();
  }

  @Test
  void text_refuses_c0_c1_del_and_lone_surrogates_and_allows_line_breaks_only_in_multi_line_text() {
    assertThat(InputRules.textProblem("张三丰 worker's wages, 3 months 🙂", false)).isNull();
    assertThat(InputRules.textProblem("a\u0000b", false)).contains("U+0000");
    assertThat(InputRules.textProblem("\u0007", true)).contains("U+0007");
    assertThat(InputRules.textProblem("x\u007f", false)).contains("U+007F");
    assertThat(InputRules.textProblem("x\u0085", true)).contains("U+0085");
    assertThat(InputRules.textProblem("x\u009f", false)).contains("U+009F");
    assertThat(InputRules.textProblem("line 1\nline 2", false)).contains("U+000A");
    assertThat(InputRules.textProblem("line 1\r\nline 2\tend", true)).isNull();
    assertThat(InputRules.textProblem("\ud800", false)).contains("lone surrogate");
    assertThat(InputRules.textProblem("x\udc00y", true)).contains("lone surrogate");
    assertThat(InputRules.textProblem("\ud83d\ude42", false)).isNull();
  }

  @Test
  void text_is_capped_in_characters_not_bytes_and_without_surrounding_blanks() {
    assertThat(InputRules.textProblem("工".repeat(2000), true, 2000)).isNull();
    assertThat(InputRules.textProblem("工".repeat(2001), true, 2000)).contains("longer than 2000");
    assertThat(InputRules.textProblem("  " + "x".repeat(100) + "  ", false, 100)).isNull();
    assertThat(InputRules.textProblem("🙂".repeat(100), false, 100)).isNull();
    assertThat(InputRules.textProblem("x".repeat(900_000), true, 2000)).contains("longer than 2000");
  }

  @Test
  void times_are_bounded_to_the_years_2000_to_2100() {
    assertThat(InputRules.timeProblem(OffsetDateTime.parse("2026-11-21T09:30:00+08:00"))).isNull();
    assertThat(InputRules.timeProblem(OffsetDateTime.parse("2000-01-01T00:00:00Z"))).isNull();
    assertThat(InputRules.timeProblem(OffsetDateTime.parse("2100-12-31T23:59:59Z"))).isNull();
    assertThat(InputRules.timeProblem(OffsetDateTime.parse("1999-12-31T23:59:59Z"))).contains("2000 to 2100");
    assertThat(InputRules.timeProblem(OffsetDateTime.parse("2101-01-01T00:00:00Z"))).contains("2000 to 2100");
    assertThat(InputRules.timeProblem(OffsetDateTime.parse("+999999999-01-01T00:00:00Z"))).contains("2000 to 2100");
    assertThat(InputRules.timeProblem(OffsetDateTime.parse("-999999999-01-01T00:00:00Z"))).contains("2000 to 2100");
  }
}
