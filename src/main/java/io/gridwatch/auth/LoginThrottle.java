package io.gridwatch.auth;

import io.gridwatch.config.IpRange;
import io.gridwatch.config.SecuritySettings;
import io.gridwatch.store.Sql;
import io.netty.util.NetUtil;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failed sign-ins counted per account name AND client address, in the database (table
 * {@code login_throttle}, SQL in {@code sql/auth/}), so that the count holds across nodes and
 * restarts, and so that failures from one address never keep the account's owner out elsewhere:
 * <ul>
 *   <li>from the {@code auth.loginDelayFromFailure}-th failure in a row on, the next attempt from
 *       that address for that name must wait 1 s, then 2, 4, ... up to
 *       {@code auth.loginMaxDelaySeconds} (an earlier attempt is answered 429 with Retry-After,
 *       and neither checked nor counted);
 *   <li>at {@code auth.lockoutAttempts} failures the address is locked out for that name for
 *       {@code auth.lockoutMinutes} (CJIS 5.5.3, GB/T 22239-2019 8.1.4.1 b): lock after a limited
 *       number of failures), and the count starts again;
 *   <li>a correct sign-in clears the address's count; an administrator's unlock clears all.
 * </ul>
 * Names are counted as typed, known or not, so the answers do not tell which names exist. IPv6
 * addresses count by their /64 prefix. The table is capped at {@code auth.loginMaxTrackedAddresses}
 * rows: old and surplus rows are pruned every minute and whenever a tenth of the cap was added.
 * Thread-safe: state is in the database; the counters are atomic.
 */
final class LoginThrottle {
  private static final Logger LOG = LoggerFactory.getLogger(LoginThrottle.class);
  /** A pair that has not failed for this long (and is not locked) is forgotten. */
  static final Duration FORGET_AFTER = Duration.ofDays(1);
  private final Vertx vertx;
  private final Pool pool;
  private final Clock clock;
  private final int lockAfter;
  private final Duration lockFor;
  private final int delayFrom;
  private final int maxDelaySeconds;
  private final int maxTracked;
  private final AtomicInteger addedSincePrune = new AtomicInteger();
  private final AtomicBoolean pruning = new AtomicBoolean();

  /** The delay and lock of one (name, address) pair now. */
  record State(OffsetDateTime nextAttemptAt, OffsetDateTime lockedUntil) {
    static final State NONE = new State(null, null);

    boolean lockedAt(Instant now) {
      return lockedUntil != null && lockedUntil.toInstant().isAfter(now);
    }

    /** Whole seconds until the next attempt may be checked; 0 when it may be now. */
    long waitSeconds(Instant now) {
      if (nextAttemptAt == null || !nextAttemptAt.toInstant().isAfter(now)) {
        return 0;
      }
      long ms = Duration.between(now, nextAttemptAt.toInstant()).toMillis();
      return Math.max(1, (ms + 999) / 1000);
    }
  }

  /** What one failure did: the count now (before a lock reset it), the delay it set, the lock it set. */
  record Failure(int failures, Duration delay, OffsetDateTime lockedUntil) {
    boolean lockedNow() {
      return lockedUntil != null;
    }
  }

  LoginThrottle(Vertx vertx, Pool pool, Clock clock, int lockAfter, Duration lockFor, SecuritySettings settings) {
    this.vertx = vertx;
    this.pool = pool;
    this.clock = clock;
    this.lockAfter = lockAfter;
    this.lockFor = lockFor;
    this.delayFrom = settings.loginDelayFromFailure();
    this.maxDelaySeconds = settings.loginMaxDelaySeconds();
    this.maxTracked = settings.loginMaxTrackedAddresses();
  }

  /** Starts pruning every minute. */
  void start() {
    vertx.setPeriodic(Duration.ofMinutes(1).toMillis(), id -> prune());
  }

  /**
   * The address as the throttle counts it: an IPv4 address as it is, an IPv6 address as its /64
   * ({@code 2001:db8:1:2::/64}), anything else (not an address) as given, cut to 64 characters.
   */
  static String source(String address) {
    if (address == null || address.isEmpty()) {
      return "unknown";
    }
    byte[] b = IpRange.literal(address);
    if (b == null) {
      return address.length() > 64 ? address.substring(0, 64) : address;
    }
    if (b.length == 4) {
      return NetUtil.bytesToIpAddress(b);
    }
    return NetUtil.bytesToIpAddress(IpRange.mask(b, 64)) + "/64";
  }

  /** How long the next attempt must wait after {@code failures} failures in a row (zero before the first delay). */
  Duration delayAfter(int failures) {
    if (failures < delayFrom) {
      return Duration.ZERO;
    }
    int doublings = Math.min(30, failures - delayFrom);
    return Duration.ofSeconds(Math.min(maxDelaySeconds, 1L << doublings));
  }

  Future<State> state(String username, String source) {
    return pool.preparedQuery(Sql.get("auth/select-login-throttle")).execute(Tuple.of(username, source))
        .map(rows -> {
          if (rows.size() == 0) {
            return State.NONE;
          }
          Row r = rows.iterator().next();
          return new State(r.getOffsetDateTime("next_attempt_at"), r.getOffsetDateTime("locked_until"));
        });
  }

  /** Counts one failure of {@code username} from {@code source} in {@code tx}, and sets the delay or lock it calls for. */
  Future<Failure> recordFailure(SqlClient tx, String username, String source) {
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    return tx.preparedQuery(Sql.get("auth/record-login-failure")).execute(Tuple.of(username, source, now))
        .compose(rows -> {
          Row r = rows.iterator().next();
          int failures = r.getInteger("failures");
          if (Boolean.TRUE.equals(r.getBoolean("inserted")) && addedSincePrune.incrementAndGet() >= maxTracked / 10) {
            // After the transaction: the prune must see this row and must not wait on its lock.
            vertx.runOnContext(v -> prune());
          }
          OffsetDateTime lockedUntil = failures >= lockAfter ? now.plus(lockFor) : null;
          Duration delay = lockedUntil != null ? Duration.ZERO : delayAfter(failures);
          OffsetDateTime next = delay.isZero() ? null : now.plus(delay);
          return tx.preparedQuery(Sql.get("auth/record-login-penalty"))
              .execute(Tuple.of(username, source, next, lockedUntil))
              .map(x -> new Failure(failures, delay, lockedUntil));
        });
  }

  /** A correct sign-in of {@code username} from {@code source}: its count, delay and lock go. */
  Future<Void> clear(SqlClient tx, String username, String source) {
    return tx.preparedQuery(Sql.get("auth/clear-login-throttle")).execute(Tuple.of(username, source)).mapEmpty();
  }

  /** Deletes what is stale and what exceeds the cap; at most one prune runs at a time. */
  Future<Integer> prune() {
    if (!pruning.compareAndSet(false, true)) {
      return Future.succeededFuture(0);
    }
    addedSincePrune.set(0);
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    return pool.preparedQuery(Sql.get("auth/prune-login-throttle"))
        .execute(Tuple.of(now, now.minus(FORGET_AFTER), maxTracked))
        .map(rows -> rows.rowCount())
        .onSuccess(n -> {
          if (n > 0) {
            LOG.debug("Pruned {} sign-in throttle rows", n);
          }
        })
        .onFailure(e -> LOG.warn("Pruning the sign-in throttle failed: {}", e.getMessage()))
        .onComplete(x -> pruning.set(false));
  }
}
