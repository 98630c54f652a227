package io.gridwatch.cases.clock;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When a timer turns yellow: {@code fraction} of the clock's span before it falls due, but at
 * least {@code minLead} and at most {@code maxLead} before, and never before the clock started.
 *
 * <p>The default is 20 %, between 10 minutes and 24 hours. For a working-day clock, which falls
 * due at 24:00 of a working day, 24 hours is exactly "one working day": the timer is yellow for
 * the whole last working day. Examples: the one-hour on-site clock turns yellow after 48
 * minutes; a 5-working-day acceptance clock on its last day; a wage case received at 09:00 with
 * a same-day registration promise at 21:00.
 *
 * <p>Immutable and thread-safe.
 *
 * @param fraction share of the span, 0 &lt; fraction &lt; 1
 * @param minLead smallest warning lead
 * @param maxLead largest warning lead
 */
public record WarningPolicy(double fraction, Duration minLead, Duration maxLead) {
  /** 20 % of the span, between 10 minutes and 24 hours (one working day). */
  public static final WarningPolicy DEFAULT =
      new WarningPolicy(0.2, Duration.ofMinutes(10), Duration.ofHours(24));

  public WarningPolicy {
    Objects.requireNonNull(minLead, "minLead");
    Objects.requireNonNull(maxLead, "maxLead");
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException("fraction must be in (0, 1): " + fraction);
    }
    if (minLead.isNegative() || maxLead.compareTo(minLead) < 0) {
      throw new IllegalArgumentException("need 0 <= minLead <= maxLead");
    }
  }

  /** How long before due the timer turns yellow, for a clock spanning {@code span}. */
  public Duration lead(Duration span) {
    Duration share = Duration.ofMillis(Math.round(span.toMillis() * fraction));
    if (share.compareTo(minLead) < 0) {
      return minLead;
    }
    return share.compareTo(maxLead) > 0 ? maxLead : share;
  }

  /** The yellow instant for a clock from {@code start} to {@code due}. */
  public Instant warnAt(Instant start, Instant due) {
    Instant w = due.minus(lead(Duration.between(start, due)));
    return w.isBefore(start) ? (start.isAfter(due) ? due : start) : w;
  }
}
