package io.gridwatch.cases.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServicePromisesTest {
  private static final ServicePromises BUNDLED = ServicePromises.loadBundled();

  @Test
  void everyCategoryAndUrgencyHasAPromise() {
    assertThat(BUNDLED.all()).hasSize(CaseCategory.values().length * Urgency.values().length);
  }

  @Test
  void wageArrearsAreRegisteredTheSameDayAndClosedWithinSevenDays() {
    ServicePromise normal = BUNDLED.forCase(CaseCategory.WAGE_ARREARS, Urgency.NORMAL);
    assertThat(normal.registerSameDay()).isTrue();
    assertThat(normal.closeWithinDays()).isEqualTo(7);
    assertThat(normal.onSiteWithin()).isNull();
  }

  @Test
  void massWageArrearsAndChildLabourPutAnInspectorOnSiteWithinTheHour() {
    assertThat(BUNDLED.forCase(CaseCategory.WAGE_ARREARS, Urgency.URGENT).onSiteWithin())
        .isEqualTo(Duration.ofHours(1));
    assertThat(BUNDLED.forCase(CaseCategory.WAGE_ARREARS, Urgency.URGENT).closeWithinDays())
        .isEqualTo(7);
    assertThat(BUNDLED.forCase(CaseCategory.CHILD_LABOUR, Urgency.NORMAL).onSiteWithin())
        .isEqualTo(Duration.ofHours(1));
    assertThat(BUNDLED.forCase(CaseCategory.SOCIAL_INSURANCE, Urgency.URGENT).onSiteWithin())
        .isEqualTo(Duration.ofHours(1));
  }

  @Test
  void ordinaryComplaintsCloseWithinThirtyCalendarDaysWithoutOnSiteClock() {
    ServicePromise p = BUNDLED.forCase(CaseCategory.LABOUR_CONTRACT, Urgency.NORMAL);
    assertThat(p.onSiteWithin()).isNull();
    assertThat(p.registerSameDay()).isFalse();
    assertThat(p.closeWithinDays()).isEqualTo(30);
  }

  @Test
  void aTableWithoutDefaultRuleOrWithTyposIsRefused() {
    assertThatThrownBy(() -> ServicePromises.parse(
        "{\"rules\": [{\"category\": \"WAGE_ARREARS\", \"urgency\": \"*\"}]}", "p.json"))
        .isInstanceOf(CalendarDataException.class).hasMessageContaining("default rule");
    assertThatThrownBy(() -> ServicePromises.parse(
        "{\"rules\": [{\"category\": \"WAGES\", \"urgency\": \"*\"}]}", "p.json"))
        .isInstanceOf(CalendarDataException.class).hasMessageContaining("WAGES");
    assertThatThrownBy(() -> ServicePromises.parse(
        "{\"rules\": [{\"category\": \"*\", \"urgency\": \"*\", \"onsite\": \"PT1H\"}]}", "p.json"))
        .isInstanceOf(CalendarDataException.class).hasMessageContaining("onsite");
    assertThatThrownBy(() -> ServicePromises.parse(
        "{\"rules\": [{\"category\": \"*\", \"urgency\": \"*\", \"onSiteWithin\": \"1h\"}]}",
        "p.json"))
        .isInstanceOf(CalendarDataException.class).hasMessageContaining("not a duration");
  }
}
