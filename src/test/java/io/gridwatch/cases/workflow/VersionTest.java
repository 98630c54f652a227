package io.gridwatch.cases.workflow;

import static io.gridwatch.cases.workflow.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Optimistic locking: the command names the version it saw; each accepted command adds one. */
class VersionTest {

  @Test
  void a_command_for_an_older_or_newer_version_is_stale() {
    CaseState s = in(CaseStatus.INVESTIGATING);
    for (long v : new long[] {s.version() - 1, s.version() + 1, 0}) {
      Decision.Rejected r = rejected(Workflow.decide(s, new Command.Resolve(v, MEDIATED), INSPECTOR_A));
      assertThat(r.kind()).isEqualTo(Decision.Kind.STALE_VERSION);
      assertThat(r.reason()).contains("version " + s.version()).contains("reload");
    }
  }

  @Test
  void staleness_is_reported_before_the_status_so_the_caller_reloads_first() {
    CaseState s = in(CaseStatus.CLOSED);
    Decision.Rejected r = rejected(Workflow.decide(s, new Command.Register(s.version() - 3), SUPERVISOR));
    assertThat(r.kind()).isEqualTo(Decision.Kind.STALE_VERSION);
  }

  @Test
  void two_users_acting_on_the_same_version_one_wins_and_the_other_is_stale() {
    CaseState s = in(CaseStatus.DISPATCHED);
    long seen = s.version();
    CaseState first = accept(s, new Command.Accept(seen), INSPECTOR_A);
    assertThat(first.version()).isEqualTo(seen + 1);
    Decision.Rejected second = rejected(Workflow.decide(first, new Command.Return(seen, "wrong district"),
        OPERATOR));
    assertThat(second.kind()).isEqualTo(Decision.Kind.STALE_VERSION);
  }

  @Test
  void a_refused_command_changes_nothing_and_deciding_twice_gives_the_same_answer() {
    CaseState s = in(CaseStatus.RESOLVED);
    CaseState copy = in(CaseStatus.RESOLVED);
    Decision a = Workflow.decide(s, new Command.Close(s.version()), SUPERVISOR);
    assertThat(a).isInstanceOf(Decision.Rejected.class);
    assertThat(s).isEqualTo(copy);
    Command verify = new Command.Verify(s.version(), true, null);
    assertThat(Workflow.decide(s, verify, ASSISTANT)).isEqualTo(Workflow.decide(s, verify, ASSISTANT));
  }
}
