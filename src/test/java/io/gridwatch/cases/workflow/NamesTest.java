package io.gridwatch.cases.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The API's fixed names: actions on the wire, statuses. */
class NamesTest {

  @Test
  void the_api_s_action_names_parse() {
    for (String name : List.of("register", "decline", "dispatch", "accept", "arrive", "resolve", "verify", "close",
        "return", "extend", "reopen", "merge")) {
      assertThat(CaseAction.parse(name).wireName()).isEqualTo(name);
    }
    assertThat(CaseAction.parse("follow-up")).isEqualTo(CaseAction.FOLLOW_UP);
    assertThat(CaseAction.parse(" Investigate ")).isEqualTo(CaseAction.INVESTIGATE);
    assertThat(CaseAction.parse("PARK")).isEqualTo(CaseAction.PARK);
  }

  @Test
  void an_unknown_or_missing_action_is_refused_listing_the_allowed_names() {
    assertThatThrownBy(() -> CaseAction.parse("approve")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown action 'approve'")
        .hasMessageContaining("register, decline, dispatch, accept, refuse, dispatch-timeout, arrive, investigate, "
            + "resolve, verify, close, return, extend, park, unpark, reopen, merge, follow-up, transfer, note");
    assertThatThrownBy(() -> CaseAction.parse("follow_up")).hasMessageContaining("follow-up");
    assertThatThrownBy(() -> CaseAction.parse(null)).hasMessageContaining("an action is required");
    assertThatThrownBy(() -> CaseAction.parse(" ")).hasMessageContaining("an action is required");
  }

  @Test
  void wire_names_and_event_types_are_distinct() {
    assertThat(Arrays.stream(CaseAction.values()).map(CaseAction::wireName)).doesNotHaveDuplicates();
    assertThat(Arrays.stream(CaseAction.values()).map(CaseAction::eventType)).doesNotHaveDuplicates();
  }

  @Test
  void the_api_s_statuses_are_all_there_with_admitted_and_parked_added() {
    assertThat(Arrays.stream(CaseStatus.values()).map(Enum::name)).containsExactly("RECEIVED", "ADMITTED",
        "REGISTERED", "DECLINED", "DISPATCHED", "ON_SITE", "INVESTIGATING", "RESOLVED", "VERIFIED", "CLOSED",
        "MERGED", "PARKED");
    assertThat(CaseStatus.PARKED.chinese()).isEqualTo("挂账");
    assertThat(CaseStatus.REGISTERED.chinese()).isEqualTo("立案");
    // 受理 is a legal act: a complaint only received is not called accepted.
    assertThat(CaseStatus.RECEIVED.chinese()).isEqualTo("待受理");
    assertThat(CaseStatus.ADMITTED.chinese()).isEqualTo("已受理");
  }
}
