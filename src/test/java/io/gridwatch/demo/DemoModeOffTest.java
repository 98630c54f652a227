package io.gridwatch.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.auth.User;
import io.gridwatch.employers.Employer;
import io.gridwatch.testing.NeedsDatabase;
import io.gridwatch.testing.TestServer;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Without {@code --demo} (the shared server) none of the demo exists. */
@NeedsDatabase
class DemoModeOffTest {

  @Test
  void a_normal_start_has_no_demo_staff_no_demo_employers_and_no_traffic() {
    TestServer server = TestServer.shared();
    assertThat(server.app().config().demo()).isFalse();
    assertThat(server.app().demoTraffic()).isNull();
    List<String> usernames = server.app().accounts().admin().list().await().stream().map(User::username).toList();
    assertThat(usernames).doesNotContain("operator1", "supervisor1", "leader1", "inspector1", "inspector2", "assistant1")
        .noneMatch(u -> u.matches("(inspector|assistant)_[0-9]{6}_[0-9]+"));
    List<String> demoCodes = DemoEmployers.generate(server.app().grid().snapshot().resolver()).stream()
        .map(Employer::creditCode).toList();
    assertThat(demoCodes).isNotEmpty();
    long present = server.app().pool().preparedQuery("SELECT count(*) FROM employer WHERE credit_code = ANY($1)")
        .execute(Tuple.of((Object) demoCodes.toArray(String[]::new))).await().iterator().next().getLong(0);
    assertThat(present).isZero();
    assertThat(server.audit("employer.seed-demo")).isEmpty();
  }
}
