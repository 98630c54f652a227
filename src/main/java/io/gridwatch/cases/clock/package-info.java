/**
 * The two clocks of a case, in plain Java (no Vert.x, no database).
 *
 * <p><b>The legal clock</b> counts working days on a mainland-China calendar
 * ({@link io.gridwatch.cases.clock.WorkingCalendar}: Monday to Friday, minus public holidays,
 * plus make-up working days, one data file per year from the State Council notice): accept within
 * 5 working days of receipt, register by the end of the working day of acceptance, investigate
 * within 60 working days of registration, +30 with approval (关于实施《劳动保障监察条例》若干规定).
 * A date in a year with no calendar data is an error, never a guess.
 *
 * <p><b>The service promise</b> runs in calendar time and is set per category and urgency
 * ({@link io.gridwatch.cases.clock.ServicePromises}, a table in
 * {@code calendar/service-promises.json}): on site within one hour for urgent cases
 * (一小时维权服务圈); for wage arrears, register the same day and close within 7 days
 * (当天立案、7日结案).
 *
 * <p>{@link io.gridwatch.cases.clock.DeadlineCalculator} turns workflow events (received,
 * accepted, registered, extended, parked, unparked, milestone reached) into
 * {@link io.gridwatch.cases.clock.Deadline} values for the deadline table, and tells the wall a
 * timer's colour ({@link io.gridwatch.cases.clock.TimerStatus}) at an instant from an injected
 * {@link java.time.Clock}. Nothing here schedules anything: the escalation sweep reads the table.
 *
 * <p>All times are instants; days are Beijing time ({@code Asia/Shanghai}); a working-day
 * deadline falls due at 24:00 of its last day. Every type is immutable after load and
 * thread-safe.
 */
package io.gridwatch.cases.clock;
