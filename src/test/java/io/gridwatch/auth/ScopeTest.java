package io.gridwatch.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScopeTest {
  @Test
  void a_district_user_covers_the_district_and_everything_inside_it_and_nothing_else() {
    Scope jinjiang = Scope.of("510104");
    assertThat(jinjiang.isCityWide()).isFalse();
    assertThat(jinjiang.covers("510104")).isTrue();
    assertThat(jinjiang.covers("510104001")).isTrue();
    assertThat(jinjiang.covers("510104001002")).isTrue();
    assertThat(jinjiang.covers("510105001")).isFalse();
    assertThat(jinjiang.covers("5101")).isFalse();
    assertThat(jinjiang.covers(null)).isFalse();
    assertThat(jinjiang.sqlPrefix()).isEqualTo("510104");
    assertThat(jinjiang.gridCode()).isEqualTo("510104");
  }

  @Test
  void a_street_user_does_not_cover_the_neighbouring_street() {
    Scope street = Scope.of("510104001");
    assertThat(street.covers("510104001007")).isTrue();
    assertThat(street.covers("510104002007")).isFalse();
    assertThat(street.covers("510104")).isFalse();
  }

  @Test
  void no_home_cell_is_city_wide_and_covers_every_cell() {
    assertThat(Scope.of(null)).isEqualTo(Scope.cityWide());
    assertThat(Scope.of("  ")).isEqualTo(Scope.cityWide());
    assertThat(Scope.cityWide().isCityWide()).isTrue();
    assertThat(Scope.cityWide().covers("513300")).isTrue();
    assertThat(Scope.cityWide().sqlPrefix()).isEmpty();
    assertThat(Scope.cityWide().gridCode()).isNull();
  }

  @Test
  void a_code_that_would_be_a_like_pattern_is_refused() {
    assertThatThrownBy(() -> Scope.of("51%")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Scope.of("5101_4")).isInstanceOf(IllegalArgumentException.class);
  }
}
