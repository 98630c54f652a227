package io.gridwatch.auth;

import static io.gridwatch.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.testing.MutableClock;
import io.gridwatch.testing.NeedsDatabase;
import io.gridwatch.testing.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Login attempts per client address, on a server allowing 3 a minute. */
@NeedsDatabase
class LoginRateLimitTest {

  @Test
  void the_fourth_attempt_in_a_minute_is_429_with_retry_after_and_the_allowance_refills() {
    MutableClock clock = MutableClock.startingNow();
    try (TestServer server = TestServer.start(false, Map.of("GRIDWATCH_AUTH_LOGIN_RATE_PER_MINUTE", "3"), clock)) {
      server.createUser("rita", Role.OPERATOR, null, "rate limited passphrase");
      assertProblem(server.login("rita", "wrong one 1"), 401);
      assertProblem(server.login("nobody", "wrong one 2"), 401);
      assertThat(server.login("rita", "rate limited passphrase").statusCode()).isEqualTo(200);

      HttpResponse<String> limited = server.login("rita", "rate limited passphrase");
      assertProblem(limited, 429);
      assertThat(TestServer.json(limited).getString("type")).isEqualTo("/problems/too-many-requests");
      long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
      assertThat(retryAfter).isBetween(1L, 20L);
      // Refused before the body is read or a password checked: not an audited login attempt.
      assertThat(server.audit("auth.login")).hasSize(3);

      clock.advance(Duration.ofSeconds(retryAfter));
      assertThat(server.login("rita", "rate limited passphrase").statusCode()).isEqualTo(200);
      assertProblem(server.login("rita", "rate limited passphrase"), 429);
      // Other API calls are not counted.
      assertThat(server.as(Role.OPERATOR).get("/api/auth/me").statusCode()).isEqualTo(200);
    }
  }
}
