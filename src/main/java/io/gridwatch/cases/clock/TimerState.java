package io.gridwatch.cases.clock;

import java.time.Duration;

/**
 * What the wall shows for one deadline at one instant.
 *
 * <p>Immutable and thread-safe.
 *
 * @param status the colour
 * @param timeLeft running: {@code dueAt - now} (negative when red); met: {@code dueAt - metAt}
 *     (negative when met late); paused calendar clock: the remaining time; paused working-day
 *     clock: {@code null} (no fixed wall-clock length until it resumes)
 * @param workingDaysLeft working-day clocks only: working days after today up to the due day
 *     (0 on the last day, negative when overdue; while paused, the remaining working days);
 *     {@code null} for calendar clocks, met clocks, or when the calendar has no data for today
 */
public record TimerState(TimerStatus status, Duration timeLeft, Integer workingDaysLeft) {}
