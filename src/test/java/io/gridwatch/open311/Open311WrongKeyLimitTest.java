package io.gridwatch.open311;

import static io.gridwatch.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.auth.Role;
import io.gridwatch.auth.User;
import io.gridwatch.testing.NeedsDatabase;
import io.gridwatch.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Wrong api_keys are limited per client address, on a server of its own (the shared one serves
 * every test from the same address).
 */
@NeedsDatabase
class Open311WrongKeyLimitTest {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(false);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void wrong_keys_from_one_address_are_limited_and_audited_until_then_and_valid_keys_still_pass() {
    User operator = server.createUser("o311-limit-op", Role.OPERATOR, null, TestServer.PASSWORD);
    HttpResponse<String> created = server.as(Role.ADMIN).postJson("/api/open311/clients",
        new JsonObject().put("name", "limit test").put("userId", operator.id()).encode());
    String key = TestServer.json(created).getString("apiKey");

    for (int i = 0; i < Open311Endpoint.BAD_KEYS_PER_MINUTE; i++) {
      assertProblem(server.get("/open311/v2/requests.json?api_key=gw311_wrong" + i), 401);
    }
    HttpResponse<String> limited = server.get("/open311/v2/requests.json?api_key=gw311_wrong-again");
    assertProblem(limited, 429);
    assertThat(limited.headers().firstValue("Retry-After")).isPresent();
    assertThat(server.audit("open311.auth")).hasSize(Open311Endpoint.BAD_KEYS_PER_MINUTE);

    assertThat(server.get("/open311/v2/requests.json?api_key=" + key).statusCode()).isEqualTo(200);
  }
}
