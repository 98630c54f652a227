package io.gridwatch.auth;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Login attempts per client address: a token bucket holding {@code perMinute} attempts that
 * refills at {@code perMinute} per minute, so a burst is allowed and a steady stream is held to
 * the rate. In memory, per node (several nodes each allow the rate; the per-account-and-address throttle
 * ({@link LoginThrottle}), which is in the database, is the limit that holds across nodes). Thread-safe: each address's bucket
 * is updated atomically inside {@link ConcurrentHashMap#compute}.
 */
final class LoginRateLimiter {
  /** Past this many addresses, full buckets (idle for a minute) are dropped. */
  private static final int PRUNE_ABOVE = 10_000;
  private final int perMinute;
  private final Clock clock;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final AtomicLong lastPrune = new AtomicLong();

  private record Bucket(double tokens, long atMillis) {}

  LoginRateLimiter(int perMinute, Clock clock) {
    this.perMinute = perMinute;
    this.clock = clock;
  }

  /** Takes one attempt for {@code address}: 0 when allowed, else the seconds until the next one is. */
  long acquire(String address) {
    long now = clock.millis();
    prune(now);
    long[] wait = new long[1];
    buckets.compute(address, (a, b) -> {
      double tokens = b == null ? perMinute : refill(b, now);
      if (tokens >= 1) {
        return new Bucket(tokens - 1, now);
      }
      double perSecond = perMinute / 60.0;
      wait[0] = Math.max(1, (long) Math.ceil((1 - tokens) / perSecond));
      return new Bucket(tokens, now);
    });
    return wait[0];
  }

  private double refill(Bucket b, long now) {
    double elapsedMinutes = Math.max(0, now - b.atMillis()) / 60_000.0;
    return Math.min(perMinute, b.tokens() + elapsedMinutes * perMinute);
  }

  private void prune(long now) {
    long last = lastPrune.get();
    if (buckets.size() <= PRUNE_ABOVE || now - last < 1000 || !lastPrune.compareAndSet(last, now)) {
      return;
    }
    buckets.entrySet().removeIf(e -> refill(e.getValue(), now) >= perMinute);
  }
}
