package io.gridwatch.open311;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.cases.CategoryCatalogue;
import io.gridwatch.cases.Complaint;
import org.junit.jupiter.api.Test;

class RequestFormTest {

  @Test
  void chinese_names_are_family_name_first_and_unspaced_others_first_last() {
    assertThat(RequestForm.name("三丰", "张")).isEqualTo("张三丰");
    assertThat(RequestForm.name("John", "Smith")).isEqualTo("John Smith");
    assertThat(RequestForm.name(null, "张")).isEqualTo("张");
    assertThat(RequestForm.name("Li", null)).isEqualTo("Li");
    assertThat(RequestForm.name(null, null)).isNull();
  }

  @Test
  void line_breaks_become_separators() {
    assertThat(RequestForm.oneLine("a\r\nb\n\n  c\td")).isEqualTo("a / b / c d");
  }

  @Test
  void every_category_is_a_named_service_with_the_employer_attributes() {
    for (String category : Complaint.CATEGORIES) {
      ServiceCatalogue.Service s = ServiceCatalogue.standard().find(category).orElseThrow();
      assertThat(s.name()).as(category).isNotEqualTo(category);
      assertThat(s.attribute(ServiceCatalogue.EMPLOYER_NAME)).isPresent();
      assertThat(s.attribute(ServiceCatalogue.EMPLOYER_NAME).get().required()).isTrue();
    }
    assertThat(ServiceCatalogue.standard().find("WAGE_ARREARS").orElseThrow()
        .attribute(ServiceCatalogue.WORKERS_INVOLVED).orElseThrow().required()).isTrue();
  }

  @Test
  void every_catalogue_attribute_is_offered_under_its_snake_case_code() {
    CategoryCatalogue catalogue = CategoryCatalogue.bundled();
    for (String category : catalogue.codes()) {
      ServiceCatalogue.Service s = ServiceCatalogue.standard().find(category).orElseThrow();
      assertThat(s.name()).isEqualTo(catalogue.category(category).zh());
      for (CategoryCatalogue.Attribute a : catalogue.category(category).attributes().values()) {
        assertThat(s.attribute(ServiceCatalogue.snake(a.name()))).as(category + " " + a.name())
            .hasValueSatisfying(x -> assertThat(x.catalogueName()).isEqualTo(a.name()));
      }
    }
    assertThat(ServiceCatalogue.snake("restDaysPerMonth")).isEqualTo("rest_days_per_month");
    assertThat(RequestForm.open311Field("attributes.restDaysPerMonth")).isEqualTo("attribute[rest_days_per_month]");
  }
}
