package io.gridwatch.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.testing.NeedsDatabase;
import io.gridwatch.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The accounts a fresh GridWatch creates at start. */
@NeedsDatabase
class AccountBootstrapTest {
  private static final String DEMO_PASSWORD = "demo password for tests";

  @Test
  void demo_mode_creates_the_demo_users_and_admin_gets_the_demo_password_when_none_is_set() {
    try (TestServer server = TestServer.start(false,
        Map.of("GRIDWATCH_DEMO_PASSWORD", DEMO_PASSWORD, "GRIDWATCH_ADMIN_PASSWORD", ""), Clock.systemUTC(), true)) {
      Map<String, String> expected = Map.of("admin", "ADMIN", "operator1", "OPERATOR", "supervisor1", "SUPERVISOR",
          "leader1", "LEADER", "inspector1", "INSPECTOR", "inspector2", "INSPECTOR", "assistant1", "ASSISTANT");
      expected.forEach((username, role) -> {
        var r = server.login(username, DEMO_PASSWORD);
        assertThat(r.statusCode()).as(username + " " + r.body()).isEqualTo(200);
        JsonObject user = TestServer.json(r).getJsonObject("user");
        assertThat(user.getString("role")).isEqualTo(role);
        boolean field = username.startsWith("inspector") || username.startsWith("assistant");
        assertThat(user.getString("gridCode")).isEqualTo(field ? "510104" : null);
      });
      assertThat(server.audit("user.create")).hasSize(7).allMatch(a -> "system".equals(a.getString("actor_name")));
    }
  }

  @Test
  void the_configured_admin_password_wins_over_the_demo_one() {
    try (TestServer server = TestServer.start(false,
        Map.of("GRIDWATCH_DEMO_PASSWORD", DEMO_PASSWORD, "GRIDWATCH_ADMIN_PASSWORD", "configured admin pass"),
        Clock.systemUTC(), true)) {
      assertThat(server.login("admin", "configured admin pass").statusCode()).isEqualTo(200);
      assertThat(server.login("admin", DEMO_PASSWORD).statusCode()).isEqualTo(401);
      assertThat(server.login("operator1", DEMO_PASSWORD).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void without_a_configured_password_admin_gets_a_random_one_printed_once_to_stdout() {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    TestServer server;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      server = TestServer.start(false, Map.of("GRIDWATCH_ADMIN_PASSWORD", ""), Clock.systemUTC());
    } finally {
      System.setOut(original);
    }
    try (server) {
      String out = captured.toString(StandardCharsets.UTF_8);
      Matcher m = Pattern.compile("password: (\\S+)").matcher(out);
      assertThat(m.find()).as(out).isTrue();
      String password = m.group(1);
      assertThat(password).hasSize(20);
      assertThat(m.find()).as("printed once").isFalse();
      assertThat(server.login("admin", password).statusCode()).isEqualTo(200);
      // No demo users without --demo.
      assertThat(server.login("operator1", password).statusCode()).isEqualTo(401);
    }
  }
}
