package io.gridwatch.cases.workflow;

import static io.gridwatch.cases.workflow.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.auth.Role;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A wage-arrears complaint from receipt to closure and follow-up, one accepted command at a time. */
class HappyPathTest {

  private final List<CaseEvent> log = new ArrayList<>();

  private CaseState step(CaseState s, Command c, Actor actor) {
    Decision d = Workflow.decide(s, c, actor);
    assertThat(d).as("%s", d).isInstanceOf(Decision.Accepted.class);
    Decision.Accepted a = (Decision.Accepted) d;
    assertThat(a.state().version()).isEqualTo(s.version() + 1);
    log.addAll(a.events());
    return a.state();
  }

  @Test
  void a_complaint_is_received_registered_dispatched_investigated_resolved_verified_closed_and_followed_up() {
    CaseState s = ((Decision.Accepted) Workflow.file(CASE_ID, OPERATOR)).state();
    assertThat(s.status()).isEqualTo(CaseStatus.RECEIVED);
    assertThat(s.version()).isEqualTo(CaseState.FIRST_VERSION);

    s = step(s, new Command.Register(s.version()), SUPERVISOR);
    assertThat(s.status()).isEqualTo(CaseStatus.REGISTERED);

    s = step(s, new Command.Dispatch(s.version(), TEAM), OPERATOR);
    assertThat(s.status()).isEqualTo(CaseStatus.DISPATCHED);
    assertThat(s.assignedInspectors()).containsExactly(11L, 12L);

    s = step(s, new Command.Accept(s.version()), INSPECTOR_A);
    s = step(s, new Command.Accept(s.version()), INSPECTOR_B);
    assertThat(s.status()).isEqualTo(CaseStatus.DISPATCHED);
    assertThat(s.acceptedBy()).containsExactly(11L, 12L);

    s = step(s, new Command.Arrive(s.version()), INSPECTOR_B);
    assertThat(s.status()).isEqualTo(CaseStatus.ON_SITE);

    s = step(s, new Command.Investigate(s.version()), INSPECTOR_A);
    assertThat(s.status()).isEqualTo(CaseStatus.INVESTIGATING);

    Outcome ordered = new Outcome(new BigDecimal("86000"), 23, OutcomeAction.ORDER_TO_RECTIFY);
    s = step(s, new Command.Resolve(s.version(), ordered), INSPECTOR_A);
    assertThat(s.status()).isEqualTo(CaseStatus.RESOLVED);
    assertThat(s.outcome()).isEqualTo(ordered);

    s = step(s, new Command.Verify(s.version(), true, "workers confirm payment"), ASSISTANT);
    assertThat(s.status()).isEqualTo(CaseStatus.VERIFIED);

    s = step(s, new Command.Close(s.version()), SUPERVISOR);
    assertThat(s.status()).isEqualTo(CaseStatus.CLOSED);

    s = step(s, new Command.FollowUp(s.version(), Satisfaction.SATISFIED, null), OPERATOR);
    assertThat(s.status()).isEqualTo(CaseStatus.CLOSED);
    assertThat(s.followUp()).isEqualTo(Satisfaction.SATISFIED);
    assertThat(s.reworks()).isZero();
    assertThat(s.version()).isEqualTo(CaseState.FIRST_VERSION + 10);

    assertThat(log).extracting(CaseEvent::type).containsExactly("registered", "dispatched", "accepted", "accepted",
        "arrived", "investigation-started", "resolved", "verified", "closed", "followed-up");
    assertThat(log).extracting(CaseEvent::version).containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
    assertThat(log).allSatisfy(e -> assertThat(e.caseId()).isEqualTo(CASE_ID));

    CaseEvent resolved = log.get(6);
    assertThat(resolved.data()).containsExactlyInAnyOrderEntriesOf(
        Map.of("action", "ORDER_TO_RECTIFY", "wagesRecovered", "86000.00", "workersHelped", 23));
    assertThat(resolved.actor()).isEqualTo(new Actor(11, Role.INSPECTOR));
    assertThat(log.get(1).data()).containsEntry("inspectors", List.of(11L, 12L));
  }

  @Test
  void arriving_counts_as_accepting_for_the_inspector_who_arrives() {
    CaseState s = in(CaseStatus.DISPATCHED);
    CaseState after = accept(s, new Command.Arrive(s.version()), INSPECTOR_B);
    assertThat(after.acceptedBy()).containsExactly(12L);
  }

  @Test
  void an_inspector_accepts_a_dispatch_only_once() {
    CaseState s = in(CaseStatus.DISPATCHED);
    s = accept(s, new Command.Accept(s.version()), INSPECTOR_A);
    Decision.Rejected r = rejected(Workflow.decide(s, new Command.Accept(s.version()), INSPECTOR_A));
    assertThat(r.kind()).isEqualTo(Decision.Kind.NOT_ALLOWED_FROM_STATUS);
    assertThat(r.reason()).contains("already accepted");
  }

  @Test
  void every_event_is_a_map_of_plain_values_ready_for_json() {
    CaseState s = in(CaseStatus.REGISTERED);
    List<CaseEvent> events = new ArrayList<>();
    for (CaseAction a : List.of(CaseAction.EXTEND, CaseAction.DISPATCH, CaseAction.ACCEPT, CaseAction.ARRIVE,
        CaseAction.INVESTIGATE, CaseAction.PARK, CaseAction.UNPARK, CaseAction.RESOLVE, CaseAction.VERIFY,
        CaseAction.CLOSE, CaseAction.FOLLOW_UP, CaseAction.REOPEN)) {
      Decision.Accepted d = (Decision.Accepted) take(s, a);
      events.addAll(d.events());
      s = d.state();
      if (a == CaseAction.ACCEPT) {
        Decision.Accepted partner = accepted(Workflow.decide(s, new Command.Accept(s.version()), INSPECTOR_B));
        events.addAll(partner.events());
        s = partner.state();
      }
    }
    for (CaseEvent e : events) {
      Map<String, Object> m = e.toMap();
      assertThat(m).containsKeys("type", "caseId", "version", "actor", "from", "to", "data");
      assertPlain(m);
    }
  }

  private static void assertPlain(Object v) {
    if (v instanceof Map<?, ?> m) {
      m.forEach((k, x) -> {
        assertThat(k).isInstanceOf(String.class);
        assertPlain(x);
      });
    } else if (v instanceof List<?> l) {
      l.forEach(HappyPathTest::assertPlain);
    } else {
      assertThat(v).isInstanceOfAny(String.class, Long.class, Integer.class, Boolean.class);
    }
  }
}
