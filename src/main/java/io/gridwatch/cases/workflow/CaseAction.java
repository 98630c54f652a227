package io.gridwatch.cases.workflow;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a user can do to a case: the {@code action} of {@code POST /api/cases/{id}/transitions}.
 * Each action has a lower-case wire name ({@link #wireName()}) and the type of the event it
 * records when accepted ({@link #eventType()}; {@code verify} records {@code verification-failed}
 * instead when the verification fails).
 */
public enum CaseAction {
  /**
   * 受理: the complaint is accepted for handling, which starts the legal registration clock (立案
   * on the day of acceptance). Registering a RECEIVED case directly accepts and registers it at
   * once.
   */
  ADMIT("admit", "admitted"),
  /** 立案. */
  REGISTER("register", "registered"),
  /** 不予受理, with a reason. */
  DECLINE("decline", "declined"),
  /** 派遣 to a team of at least two inspectors. */
  DISPATCH("dispatch", "dispatched"),
  /** An assigned inspector acknowledges the dispatch (接单); the status stays DISPATCHED. */
  ACCEPT("accept", "accepted"),
  /**
   * An assigned inspector declines the dispatch (拒单) with a reason: the team is released, the
   * case goes back to REGISTERED and is offered to the next team.
   */
  REFUSE("refuse", "assignment-refused"),
  /**
   * Nobody accepted the dispatch in time: the team is released and the case offered to the next
   * team. Taken by the system only ({@link Workflow#timeOut}), never requested.
   */
  DISPATCH_TIMEOUT("dispatch-timeout", "dispatch-timeout"),
  /** 到场. */
  ARRIVE("arrive", "arrived"),
  /** Start of 调查处理. */
  INVESTIGATE("investigate", "investigation-started"),
  /** 办结, with an outcome. */
  RESOLVE("resolve", "resolved"),
  /** 核查: passed or failed (返工). */
  VERIFY("verify", "verified"),
  /** 结案. */
  CLOSE("close", "closed"),
  /** 回退: wrong dispatch, back to REGISTERED for re-dispatch. */
  RETURN("return", "returned"),
  /**
   * 延期: an approved extension of the legal investigation clock (working days) or of the service
   * promise to close (calendar days), with a reason.
   */
  EXTEND("extend", "extended"),
  /** 挂账: set aside as a long-term problem with a reason and a review date; clocks pause. */
  PARK("park", "parked"),
  /** Back from 挂账 to where the case was; clocks resume. */
  UNPARK("unpark", "unparked"),
  /** 返工 after a dissatisfied follow-up: a closed case goes back to INVESTIGATING. */
  REOPEN("reopen", "reopened"),
  /** 合并 into another case, as a duplicate. */
  MERGE("merge", "merged"),
  /** 回访: asks the complainant and records satisfaction. */
  FOLLOW_UP("follow-up", "followed-up"),
  /**
   * 批转: the case is moved to another grid cell with a reason (a wrong placement, or a cell
   * given to a case outside the grid's coverage), before it is dispatched.
   */
  TRANSFER("transfer", "transferred"),
  /** A note on the case (工作记录), e.g. from the field; the status stays. */
  NOTE("note", "note-added");

  private final String wireName;
  private final String eventType;

  CaseAction(String wireName, String eventType) {
    this.wireName = wireName;
    this.eventType = eventType;
  }

  /** The name on the wire, e.g. {@code register}, {@code follow-up}. */
  public String wireName() {
    return wireName;
  }

  /** The type of the event an accepted action records, e.g. {@code registered}. */
  public String eventType() {
    return eventType;
  }

  /** Every wire name, comma-separated, in declaration order. */
  public static String wireNames() {
    return Arrays.stream(values()).map(CaseAction::wireName).collect(Collectors.joining(", "));
  }

  /**
   * The action whose wire name is {@code name} (surrounding blanks and case ignored).
   *
   * @throws IllegalArgumentException naming the allowed names, if {@code name} is null, blank or
   *     unknown
   */
  public static CaseAction parse(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("an action is required; expected one of: " + wireNames());
    }
    String wanted = name.trim().toLowerCase(Locale.ROOT);
    for (CaseAction a : values()) {
      if (a.wireName.equals(wanted)) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown action '" + name.trim() + "'; expected one of: " + wireNames());
  }
}
