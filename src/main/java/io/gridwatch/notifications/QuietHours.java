package io.gridwatch.notifications;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * A daily quiet window in local time (Asia/Shanghai: China has one time zone and no daylight
 * saving), e.g. 22:00-07:00, which wraps midnight when the start is after the end. A message
 * that falls due inside the window waits until it ends. Immutable.
 */
public record QuietHours(LocalTime start, LocalTime end) {
  public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  public QuietHours {
    if (start.equals(end)) {
      throw new IllegalArgumentException("quiet hours must not start and end at the same time");
    }
  }

  /** Whether {@code at} is inside the window (start inclusive, end exclusive). */
  public boolean contains(Instant at) {
    LocalTime t = at.atZone(ZONE).toLocalTime();
    return start.isBefore(end) ? !t.isBefore(start) && t.isBefore(end) : !t.isBefore(start) || t.isBefore(end);
  }

  /** When a message due at {@code at} may go: {@code at} itself outside the window, else the window's end. */
  public Instant release(Instant at) {
    if (!contains(at)) {
      return at;
    }
    ZonedDateTime local = at.atZone(ZONE);
    LocalDate day = local.toLocalDate();
    // Inside a wrapping window after its start (23:00 in 22:00-07:00), the end is tomorrow.
    if (!start.isBefore(end) && !local.toLocalTime().isBefore(start)) {
      day = day.plusDays(1);
    }
    return ZonedDateTime.of(day, end, ZONE).toInstant();
  }
}
