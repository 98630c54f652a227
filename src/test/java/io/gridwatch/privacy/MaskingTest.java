package io.gridwatch.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskingTest {
  @Test
  void a_mobile_number_keeps_its_first_three_and_last_four_digits() {
    assertThat(Masking.phone("13812345678")).isEqualTo("138****5678");
    assertThat(Masking.phone("+86 138 1234 5678")).doesNotContain("1234").endsWith("5678");
    assertThat(Masking.phone("028-86612345")).isEqualTo("028-****2345");
    assertThat(Masking.phone(null)).isNull();
  }

  @Test
  void a_resident_id_keeps_its_region_and_last_four() {
    assertThat(Masking.idNumber("510104199001011234")).isEqualTo("510104********1234");
    assertThat(Masking.idNumber("51010419900101123X")).isEqualTo("510104********123X");
    assertThat(Masking.idNumber("510104900101123")).isEqualTo("510104*****1123");
  }

  @Test
  void chinese_names_keep_the_first_and_last_character_only() {
    assertThat(Masking.name("张三")).isEqualTo("张*");
    assertThat(Masking.name("张三丰")).isEqualTo("张*丰");
    assertThat(Masking.name("欧阳娜娜")).isEqualTo("欧**娜");
    assertThat(Masking.name("李")).isEqualTo("*");
    assertThat(Masking.name("John Smith")).isEqualTo("J*** S****");
  }

  @Test
  void log_lines_never_carry_phone_or_id_numbers_in_clear() {
    String masked = LogMaskingConverter.mask(
        "complaint from 13812345678 (ID 510104199001011234), case 20260101000123, amount 12500.00");
    assertThat(masked).doesNotContain("13812345678").doesNotContain("199001011234")
        .contains("138****5678").contains("510104********1234")
        .contains("case 20260101000123").contains("12500.00");
  }
}
