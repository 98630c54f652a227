package io.gridwatch.cases.workflow;

import static io.gridwatch.cases.workflow.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Resolving needs an outcome; an assistant resolves only where there was no enforcement. */
class ResolveTest {

  private final CaseState investigating = in(CaseStatus.INVESTIGATING);

  private Decision resolve(Outcome o, Actor actor) {
    return Workflow.decide(investigating, new Command.Resolve(investigating.version(), o), actor);
  }

  private static Outcome with(OutcomeAction action) {
    return new Outcome(new BigDecimal("3200.50"), 2, action);
  }

  @ParameterizedTest
  @EnumSource(value = OutcomeAction.class, names = {"MEDIATION", "NO_VIOLATION"})
  void an_assistant_resolves_a_case_without_enforcement(OutcomeAction action) {
    Decision.Accepted d = (Decision.Accepted) resolve(with(action), ASSISTANT);
    assertThat(d.state().status()).isEqualTo(CaseStatus.RESOLVED);
    assertThat(d.state().outcome().action()).isEqualTo(action);
  }

  @ParameterizedTest
  @EnumSource(value = OutcomeAction.class, names = {"ORDER_TO_RECTIFY", "PENALTY", "TRANSFER_TO_POLICE"})
  void only_an_inspector_resolves_a_case_involving_enforcement(OutcomeAction action) {
    Decision.Rejected r = rejected(resolve(with(action), ASSISTANT));
    assertThat(r.kind()).isEqualTo(Decision.Kind.FORBIDDEN_FOR_ROLE);
    assertThat(r.reason()).contains("only an inspector").contains(action.name());
    assertThat(resolve(with(action), INSPECTOR_B).accepted()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(OutcomeAction.class)
  void an_inspector_on_the_team_resolves_with_any_action(OutcomeAction action) {
    assertThat(resolve(with(action), INSPECTOR_A).accepted()).isTrue();
    assertThat(rejected(resolve(with(action), INSPECTOR_ELSEWHERE)).kind())
        .isEqualTo(Decision.Kind.FORBIDDEN_FOR_ROLE);
  }

  @Test
  void the_outcome_is_required_and_checked() {
    assertThat(rejected(resolve(null, INSPECTOR_A)).reason()).contains("outcome is required");
    assertThat(rejected(resolve(new Outcome(null, 1, OutcomeAction.MEDIATION), INSPECTOR_A)).reason())
        .contains("wagesRecovered is required");
    assertThat(rejected(resolve(new Outcome(new BigDecimal("-1"), 1, OutcomeAction.MEDIATION), INSPECTOR_A))
        .reason()).contains("negative");
    assertThat(rejected(resolve(new Outcome(new BigDecimal("1.005"), 1, OutcomeAction.MEDIATION), INSPECTOR_A))
        .reason()).contains("two decimals");
    assertThat(rejected(resolve(new Outcome(BigDecimal.ZERO, -3, OutcomeAction.MEDIATION), INSPECTOR_A)).reason())
        .contains("workersHelped");
    Decision.Rejected noAction = rejected(resolve(new Outcome(BigDecimal.ZERO, 0, null), ASSISTANT));
    assertThat(noAction.kind()).isEqualTo(Decision.Kind.INVALID);
    assertThat(noAction.reason()).contains("outcome.action is required");
  }

  @Test
  void the_resolved_event_writes_money_as_a_decimal_string() {
    Decision.Accepted d = (Decision.Accepted) resolve(new Outcome(new BigDecimal("1500.5000"), 3,
        OutcomeAction.PENALTY), INSPECTOR_A);
    assertThat(d.events().get(0).data()).containsEntry("wagesRecovered", "1500.50")
        .containsEntry("workersHelped", 3).containsEntry("action", "PENALTY");
  }
}
