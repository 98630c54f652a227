package io.gridwatch.open311;

import io.gridwatch.cases.workflow.CaseStatus;
import java.util.Arrays;
import java.util.List;

/**
 * GridWatch case statuses as Open311 sees them: {@code closed} for {@link CaseStatus#CLOSED},
 * {@link CaseStatus#DECLINED} and {@link CaseStatus#MERGED} (the statuses that are not
 * {@link CaseStatus#isOpen() open}), {@code open} for every other, and {@code status_notes}
 * saying the GridWatch status in words. docs/open311.md shows the table. Stateless.
 */
public final class StatusMapping {
  public static final String OPEN = "open";
  public static final String CLOSED = "closed";

  private StatusMapping() {}

  /** {@code open} or {@code closed}. */
  public static String open311(CaseStatus status) {
    return status.isOpen() ? OPEN : CLOSED;
  }

  /** The GridWatch statuses an Open311 status stands for. */
  public static List<String> gridWatchStatuses(String open311Status) {
    boolean open = OPEN.equals(open311Status);
    return Arrays.stream(CaseStatus.values()).filter(s -> s.isOpen() == open).map(Enum::name).toList();
  }

  /**
   * The status in words, Chinese term first: {@code 立案 REGISTERED: registered; awaiting dispatch}.
   * A received complaint is {@code 待受理 RECEIVED}: 受理 is a legal act with its own clock, named
   * only once it happened ({@code 已受理 ADMITTED}).
   *
   * @param mergedInto the case number a merged case went into, or null
   */
  public static String notes(CaseStatus status, String mergedInto) {
    String words = switch (status) {
      case RECEIVED -> "received; awaiting acceptance (受理) for handling";
      case ADMITTED -> "accepted for handling; awaiting registration";
      case REGISTERED -> "registered; awaiting dispatch";
      case DECLINED -> "declined: not a matter for labour-security inspection, or not accepted";
      case DISPATCHED -> "inspectors dispatched";
      case ON_SITE -> "inspectors on site";
      case INVESTIGATING -> "under investigation";
      case RESOLVED -> "handled; the outcome awaits verification";
      case VERIFIED -> "outcome verified; awaiting closure";
      case CLOSED -> "closed";
      case MERGED -> mergedInto == null ? "merged into another request" : "merged into request " + mergedInto;
      case PARKED -> "set aside as a long-term problem; time limits paused";
    };
    return status.chinese() + " " + status.name() + ": " + words;
  }
}
