package io.gridwatch.http;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Token buckets by key, each holding up to {@code perMinute} requests and refilling at
 * {@code perMinute} per minute: a burst is allowed, a steady stream is held to the rate. The rate
 * is given with each call (each Open311 client has its own). In memory, per node: several nodes
 * each allow the rate. Thread-safe: a key's bucket changes atomically inside
 * {@link ConcurrentHashMap#compute}. The one rate limiter: logins per client address
 * ({@code auth.AuthService}), requests per Open311 client and wrong api_keys per address
 * ({@code open311.Open311Gate}).
 */
public final class RateLimiter {
  /** Past this many keys, full buckets are dropped (at most once a second). */
  private static final int PRUNE_ABOVE = 10_000;
  private final Clock clock;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final AtomicLong lastPrune = new AtomicLong();

  private record Bucket(double tokens, long atMillis, int perMinute) {}

  public RateLimiter(Clock clock) {
    this.clock = clock;
  }

  /** Takes one request for {@code key}: 0 when allowed, else the seconds until one is. */
  public long acquire(String key, int perMinute) {
    long now = clock.millis();
    prune(now);
    long[] wait = new long[1];
    buckets.compute(key, (k, b) -> {
      double tokens = b == null ? perMinute : refill(b, now, perMinute);
      if (tokens >= 1) {
        return new Bucket(tokens - 1, now, perMinute);
      }
      wait[0] = Math.max(1, (long) Math.ceil((1 - tokens) * 60.0 / perMinute));
      return new Bucket(tokens, now, perMinute);
    });
    return wait[0];
  }

  private static double refill(Bucket b, long now, int perMinute) {
    double elapsedMinutes = Math.max(0, now - b.atMillis()) / 60_000.0;
    return Math.min(perMinute, b.tokens() + elapsedMinutes * perMinute);
  }

  private void prune(long now) {
    long last = lastPrune.get();
    if (buckets.size() <= PRUNE_ABOVE || now - last < 1000 || !lastPrune.compareAndSet(last, now)) {
      return;
    }
    buckets.entrySet().removeIf(e -> refill(e.getValue(), now, e.getValue().perMinute()) >= e.getValue().perMinute());
  }
}
