package io.gridwatch.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  @Test
  void a_burst_up_to_the_rate_then_one_more_per_refill() {
    MutableClock clock = MutableClock.startingNow();
    RateLimiter limiter = new RateLimiter(clock);
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.acquire("a", 3)).as("request " + i).isZero();
    }
    assertThat(limiter.acquire("a", 3)).isEqualTo(20);
    assertThat(limiter.acquire("b", 3)).as("another key has its own bucket").isZero();
    clock.advance(Duration.ofSeconds(19));
    assertThat(limiter.acquire("a", 3)).isPositive();
    clock.advance(Duration.ofSeconds(2));
    assertThat(limiter.acquire("a", 3)).isZero();
    assertThat(limiter.acquire("a", 3)).isPositive();
  }
}
