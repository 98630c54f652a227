package io.gridwatch.cases.workflow;

import static io.gridwatch.cases.workflow.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** 延期: approved by a supervisor, with a reason, at most 30 working days in total; status unchanged. */
class ExtensionTest {

  private static Decision extend(CaseState s, int days) {
    return Workflow.decide(s, new Command.Extend(s.version(), days, "awaiting bank records"), SUPERVISOR);
  }

  @ParameterizedTest
  @EnumSource(value = CaseStatus.class, names = {"REGISTERED", "DISPATCHED", "ON_SITE", "INVESTIGATING", "RESOLVED"})
  void an_extension_keeps_the_status_and_tells_the_clock_how_many_working_days(CaseStatus status) {
    CaseState s = in(status);
    Decision.Accepted d = (Decision.Accepted) extend(s, 12);
    assertThat(d.state().status()).isEqualTo(status);
    assertThat(d.state().extensionWorkingDays()).isEqualTo(12);
    assertThat(d.events()).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo("extended");
      assertThat(e.data()).containsEntry("workingDays", 12).containsEntry("totalWorkingDays", 12)
          .containsEntry("reason", "awaiting bank records");
    });
  }

  @Test
  void extensions_add_up_to_thirty_working_days_and_no_further() {
    CaseState s = in(CaseStatus.INVESTIGATING);
    s = ((Decision.Accepted) extend(s, 20)).state();
    Decision.Rejected tooMany = rejected(extend(s, 11));
    assertThat(tooMany.kind()).isEqualTo(Decision.Kind.INVALID);
    assertThat(tooMany.reason()).contains("31").contains("at most 30").contains("10 left");

    s = ((Decision.Accepted) extend(s, 10)).state();
    assertThat(s.extensionWorkingDays()).isEqualTo(30);
    assertThat(s.extensionWorkingDaysLeft()).isZero();
    assertThat(rejected(extend(s, 1)).kind()).isEqualTo(Decision.Kind.INVALID);
    assertThat(Workflow.availableActions(s, SUPERVISOR)).doesNotContain(CaseAction.EXTEND);
  }

  @Test
  void a_single_extension_of_thirty_one_days_or_of_none_is_refused() {
    CaseState s = in(CaseStatus.REGISTERED);
    assertThat(rejected(extend(s, 31)).reason()).contains("between 1 and 30");
    assertThat(rejected(extend(s, 0)).kind()).isEqualTo(Decision.Kind.INVALID);
    assertThat(rejected(extend(s, -5)).kind()).isEqualTo(Decision.Kind.INVALID);
    assertThat(((Decision.Accepted) extend(s, 30)).state().extensionWorkingDays()).isEqualTo(30);
  }

  @Test
  void an_extension_needs_a_reason() {
    CaseState s = in(CaseStatus.REGISTERED);
    Decision.Rejected r = rejected(Workflow.decide(s, new Command.Extend(s.version(), 5, ""), SUPERVISOR));
    assertThat(r.kind()).isEqualTo(Decision.Kind.INVALID);
    assertThat(r.reason()).contains("reason is required");
  }

  @Test
  void extensions_survive_parking_and_a_return() {
    CaseState s = ((Decision.Accepted) extend(in(CaseStatus.DISPATCHED), 8)).state();
    s = then(then(s, CaseAction.PARK), CaseAction.UNPARK);
    s = then(s, CaseAction.RETURN);
    assertThat(s.extensionWorkingDays()).isEqualTo(8);
  }
}
