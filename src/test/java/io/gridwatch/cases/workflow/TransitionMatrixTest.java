package io.gridwatch.cases.workflow;

import static io.gridwatch.cases.workflow.Fixtures.INSPECTOR_B;
import static io.gridwatch.cases.workflow.Fixtures.in;
import static io.gridwatch.cases.workflow.Fixtures.onSiteAwaitingPartner;
import static io.gridwatch.cases.workflow.Fixtures.rejected;
import static io.gridwatch.cases.workflow.Fixtures.take;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every (status, action) pair, against a table written out here by hand, not read from {@link
 * Transitions}: a pair in it is accepted and leads where it says; any other pair is
 * NOT_ALLOWED_FROM_STATUS. Changing the workflow means changing this table too.
 */
class TransitionMatrixTest {

  /** from, action → to. Verify passes; PARKED was parked from INVESTIGATING; CLOSED has a dissatisfied follow-up. */
  private static final String EXPECTED = """
      RECEIVED      admit        ADMITTED
      RECEIVED      register     REGISTERED
      RECEIVED      decline      DECLINED
      RECEIVED      merge        MERGED
      RECEIVED      transfer     RECEIVED
      RECEIVED      note         RECEIVED
      ADMITTED      register     REGISTERED
      ADMITTED      decline      DECLINED
      ADMITTED      merge        MERGED
      ADMITTED      transfer     ADMITTED
      ADMITTED      note         ADMITTED
      REGISTERED    dispatch     DISPATCHED
      REGISTERED    extend       REGISTERED
      REGISTERED    park         PARKED
      REGISTERED    merge        MERGED
      REGISTERED    transfer     REGISTERED
      REGISTERED    note         REGISTERED
      DISPATCHED    accept       DISPATCHED
      DISPATCHED    arrive       ON_SITE
      DISPATCHED    return       REGISTERED
      DISPATCHED    extend       DISPATCHED
      DISPATCHED    park         PARKED
      DISPATCHED    merge        MERGED
      DISPATCHED    refuse       REGISTERED
      DISPATCHED    dispatch-timeout REGISTERED
      DISPATCHED    note         DISPATCHED
      ON_SITE       investigate  INVESTIGATING
      ON_SITE       return       REGISTERED
      ON_SITE       extend       ON_SITE
      ON_SITE       park         PARKED
      ON_SITE       merge        MERGED
      ON_SITE       accept       ON_SITE
      ON_SITE       arrive       ON_SITE
      ON_SITE       note         ON_SITE
      INVESTIGATING resolve      RESOLVED
      INVESTIGATING extend       INVESTIGATING
      INVESTIGATING park         PARKED
      INVESTIGATING merge        MERGED
      INVESTIGATING note         INVESTIGATING
      RESOLVED      verify       VERIFIED
      RESOLVED      extend       RESOLVED
      RESOLVED      merge        MERGED
      RESOLVED      note         RESOLVED
      VERIFIED      close        CLOSED
      VERIFIED      merge        MERGED
      VERIFIED      note         VERIFIED
      CLOSED        follow-up    CLOSED
      CLOSED        reopen       INVESTIGATING
      PARKED        unpark       INVESTIGATING
      PARKED        merge        MERGED
      PARKED        note         PARKED
      """;

  private static Map<String, CaseStatus> expected() {
    Map<String, CaseStatus> m = new HashMap<>();
    for (String line : EXPECTED.strip().split("\n")) {
      String[] f = line.strip().split("\\s+");
      CaseStatus from = CaseStatus.valueOf(f[0]);
      CaseAction action = CaseAction.parse(f[1]);
      m.put(key(from, action), CaseStatus.valueOf(f[2]));
    }
    return m;
  }

  private static String key(CaseStatus s, CaseAction a) {
    return s + " " + a.wireName();
  }

  @TestFactory
  Stream<DynamicTest> every_status_and_action_is_accepted_exactly_when_the_table_lists_it() {
    Map<String, CaseStatus> expected = expected();
    List<DynamicTest> tests = new ArrayList<>();
    for (CaseStatus status : CaseStatus.values()) {
      for (CaseAction action : CaseAction.values()) {
        CaseStatus to = expected.get(key(status, action));
        String name = to == null ? status + " refuses " + action.wireName()
            : status + " " + action.wireName() + " leads to " + to;
        tests.add(DynamicTest.dynamicTest(name, () -> {
          boolean partnerAccepts = status == CaseStatus.ON_SITE && action == CaseAction.ACCEPT;
          CaseState before = partnerAccepts ? onSiteAwaitingPartner() : in(status);
          Decision d = partnerAccepts ? Workflow.decide(before, new Command.Accept(before.version()), INSPECTOR_B)
              : take(before, action);
          if (to == null) {
            Decision.Rejected r = rejected(d);
            assertThat(r.kind()).as(r.reason()).isEqualTo(Decision.Kind.NOT_ALLOWED_FROM_STATUS);
            assertThat(r.reason()).contains(status.name()).contains(action.wireName());
          } else {
            assertThat(d).as("%s", d).isInstanceOf(Decision.Accepted.class);
            Decision.Accepted a = (Decision.Accepted) d;
            assertThat(a.state().status()).isEqualTo(to);
            assertThat(a.state().version()).isEqualTo(before.version() + 1);
            assertThat(a.events()).singleElement().satisfies(e -> {
              assertThat(e.from()).isEqualTo(status);
              assertThat(e.to()).isEqualTo(to);
              assertThat(e.version()).isEqualTo(before.version() + 1);
            });
          }
        }));
      }
    }
    return tests.stream();
  }

  @Test
  void the_published_table_lists_the_same_pairs_as_the_expected_one() {
    Map<String, CaseStatus> expected = expected();
    List<String> published = new ArrayList<>();
    Transitions.table().forEach((s, row) -> row.keySet().forEach(a -> published.add(key(s, a))));
    assertThat(published).containsExactlyInAnyOrderElementsOf(expected.keySet());
  }

  @Test
  void terminal_statuses_allow_nothing_and_closed_only_follow_up_and_reopen() {
    assertThat(Transitions.actionsFrom(CaseStatus.DECLINED)).isEmpty();
    assertThat(Transitions.actionsFrom(CaseStatus.MERGED)).isEmpty();
    assertThat(Transitions.actionsFrom(CaseStatus.CLOSED))
        .containsExactlyInAnyOrder(CaseAction.FOLLOW_UP, CaseAction.REOPEN);
    assertThat(CaseStatus.DECLINED.isTerminal()).isTrue();
    assertThat(CaseStatus.MERGED.isTerminal()).isTrue();
    assertThat(CaseStatus.CLOSED.isTerminal()).isFalse();
    assertThat(CaseStatus.CLOSED.isOpen()).isFalse();
  }
}
