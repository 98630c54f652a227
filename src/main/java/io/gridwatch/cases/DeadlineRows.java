package io.gridwatch.cases;

import io.gridwatch.cases.clock.Deadline;
import io.gridwatch.cases.clock.DeadlineKind;
import io.gridwatch.cases.clock.TimerState;
import io.gridwatch.cases.clock.TimerStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The deadline table's rows ({@code case_deadline}) to and from {@link Deadline}, and the JSON a
 * case shows for its clocks. Stateless and thread-safe.
 */
final class DeadlineRows {
  /** Times in API output: ISO-8601 with Beijing's offset, the zone every clock is kept in. */
  static final ZoneOffset BEIJING = ZoneOffset.ofHours(8);

  private DeadlineRows() {}

  static Tuple tuple(long caseId, Deadline d) {
    return Tuple.tuple().addValue(caseId).addValue(d.kind().name()).addValue(odt(d.startedAt()))
        .addValue(odt(d.dueAt())).addValue(odt(d.warnAt())).addValue(odt(d.pausedAt()))
        .addValue(d.remainingTime() == null ? null : d.remainingTime().toMillis())
        .addValue(d.remainingWorkingDays()).addValue(d.extensionWorkingDays()).addValue(odt(d.metAt()))
        .addValue(d.provisional());
  }

  static Deadline fromRow(Row r) {
    Long remainingMs = r.getLong("remaining_ms");
    return new Deadline(DeadlineKind.valueOf(r.getString("kind")), instant(r, "started_at"), instant(r, "due_at"),
        instant(r, "warn_at"), instant(r, "paused_at"), remainingMs == null ? null : Duration.ofMillis(remainingMs),
        r.getInteger("remaining_working_days"), r.getInteger("extension_working_days"), instant(r, "met_at"),
        r.getBoolean("provisional"));
  }

  /**
   * The clocks as a case shows them at {@code now}: kind, basis, due and warning times, colour,
   * time left (seconds; negative when overdue), working days left, when met or paused, the
   * approved extension (working days on a working-day clock, calendar days on the promise), and
   * whether the due time is provisional (counted over a year with no checked holiday notice).
   */
  static JsonArray json(List<Deadline> deadlines, Function<Deadline, TimerState> status) {
    JsonArray out = new JsonArray();
    for (Deadline d : deadlines) {
      out.add(json(d, status.apply(d)));
    }
    return out;
  }

  static JsonObject json(Deadline d, TimerState t) {
    boolean workingDays = d.kind().basis() == DeadlineKind.Basis.WORKING_DAYS;
    return new JsonObject().put("kind", d.kind().name()).put("legal", d.kind().isLegal())
        .put("basis", d.kind().basis().name())
        .put("startedAt", text(d.startedAt())).put("dueAt", text(d.dueAt())).put("warnAt", text(d.warnAt()))
        .put("status", t.status().name())
        .put("timeLeftSeconds", t.timeLeft() == null ? null : t.timeLeft().toSeconds())
        .put("workingDaysLeft", t.workingDaysLeft())
        .put("metAt", text(d.metAt())).put("metOnTime", d.isMet() ? d.isMetOnTime() : null)
        .put("pausedAt", text(d.pausedAt()))
        .put("extensionWorkingDays", workingDays ? d.extensionWorkingDays() : 0)
        .put("extensionDays", workingDays ? 0 : d.extensionWorkingDays())
        .put("provisional", d.provisional());
  }

  /** The next deadline to watch: the running, unmet one due soonest (null when none runs). */
  static Deadline next(List<Deadline> deadlines) {
    Deadline best = null;
    for (Deadline d : deadlines) {
      if (!d.isMet() && !d.isPaused() && (best == null || d.dueAt().isBefore(best.dueAt()))) {
        best = d;
      }
    }
    return best;
  }

  static boolean anyOverdue(List<Deadline> deadlines, Function<Deadline, TimerState> status) {
    return deadlines.stream().anyMatch(d -> status.apply(d).status() == TimerStatus.RED);
  }

  static String text(Instant i) {
    return i == null ? null : OffsetDateTime.ofInstant(i, BEIJING).toString();
  }

  static OffsetDateTime odt(Instant i) {
    return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }

  private static Instant instant(Row r, String column) {
    OffsetDateTime t = r.getOffsetDateTime(column);
    return t == null ? null : t.toInstant();
  }

  static List<Deadline> all(Iterable<Row> rows) {
    List<Deadline> out = new ArrayList<>();
    rows.forEach(r -> out.add(fromRow(r)));
    return out;
  }
}
