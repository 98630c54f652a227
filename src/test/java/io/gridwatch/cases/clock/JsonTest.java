package io.gridwatch.cases.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void readsObjectsArraysStringsNumbersAndLiterals() {
    Object v = Json.parse("{\"a\": [1, -2.5e1, \"x\\u00e9\\n\", true, false, null], \"b\": {}}",
        "t");
    assertThat(v).isEqualTo(Map.of(
        "a", java.util.Arrays.asList(new BigDecimal("1"), new BigDecimal("-2.5e1"), "xé\n",
            true, false, null),
        "b", Map.of()));
    assertThat(Json.parse(" [] ", "t")).isEqualTo(List.of());
    assertThat(Json.parse("\"春节\"", "t")).isEqualTo("春节");
  }

  @Test
  void refusesDuplicateKeysTrailingCommasAndTrailingContentWithAPosition() {
    assertThatThrownBy(() -> Json.parse("{\"a\": 1, \"a\": 2}", "f.json"))
        .isInstanceOf(CalendarDataException.class).hasMessageContaining("duplicate key \"a\"");
    assertThatThrownBy(() -> Json.parse("[1,]", "f.json"))
        .isInstanceOf(CalendarDataException.class).hasMessageContaining("f.json:1:4");
    assertThatThrownBy(() -> Json.parse("{}\n{}", "f.json"))
        .isInstanceOf(CalendarDataException.class).hasMessageContaining("f.json:2:1");
    assertThatThrownBy(() -> Json.parse("\"open", "f.json"))
        .isInstanceOf(CalendarDataException.class).hasMessageContaining("unterminated");
  }
}
