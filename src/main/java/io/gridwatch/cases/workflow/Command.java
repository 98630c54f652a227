package io.gridwatch.cases.workflow;

import io.gridwatch.auth.Role;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One request to move a case on: one record per {@link CaseAction}, carrying the version the
 * caller last saw ({@code expectedVersion}) and the action's payload. Records are immutable and
 * built from user input, so they are not checked on construction: {@link #problems()} says what
 * is wrong with the payload (→ {@link Decision.Kind#INVALID}), and {@link #data()} is what the
 * accepted event records.
 */
public sealed interface Command {

  /** The action this command asks for. */
  CaseAction action();

  /** The version of the case the caller saw; a different current version is a stale request. */
  long expectedVersion();

  /** What is wrong with the payload regardless of the case, one sentence each; empty if nothing. */
  default List<String> problems() {
    return List.of();
  }

  /** The payload as the event records it: simple values only (String, Number, Boolean, List). */
  default Map<String, Object> data() {
    return Map.of();
  }

  /** 受理: accepts the complaint for handling; the registration (立案) clock starts. */
  record Admit(long expectedVersion) implements Command {
    @Override
    public CaseAction action() {
      return CaseAction.ADMIT;
    }
  }

  /** 立案. */
  record Register(long expectedVersion) implements Command {
    @Override
    public CaseAction action() {
      return CaseAction.REGISTER;
    }
  }

  /** 不予受理, with the reason told to the complainant. */
  record Decline(long expectedVersion, String reason) implements Command {
    @Override
    public CaseAction action() {
      return CaseAction.DECLINE;
    }

    @Override
    public List<String> problems() {
      return required("reason", reason);
    }

    @Override
    public Map<String, Object> data() {
      return Map.of("reason", reason.strip());
    }
  }

  /**
   * 派遣 to a team: at least two distinct users, each an inspector (劳动保障监察条例 art. 16). The
   * caller passes each member's role.
   */
  record Dispatch(long expectedVersion, List<TeamMember> team) implements Command {
    /** The fewest inspectors an investigation may be dispatched to. */
    public static final int MIN_TEAM = 2;

    @Override
    public CaseAction action() {
      return CaseAction.DISPATCH;
    }

    @Override
    public List<String> problems() {
      if (team == null || team.isEmpty()) {
        return List.of("team is required: at least " + MIN_TEAM
            + " inspectors must investigate together (劳动保障监察条例 art. 16)");
      }
      List<String> p = new ArrayList<>();
      Set<Long> seen = new HashSet<>();
      for (TeamMember m : team) {
        if (m == null) {
          p.add("team lists an empty member");
          continue;
        }
        if (!seen.add(m.userId())) {
          p.add("team lists user " + m.userId() + " more than once");
        }
        if (m.role() != Role.INSPECTOR) {
          p.add("user " + m.userId() + " is " + m.role() + ", not an INSPECTOR; only inspectors may be dispatched"
              + " to investigate");
        }
      }
      if (seen.size() < MIN_TEAM) {
        p.add("team has " + seen.size() + " distinct inspector(s); at least " + MIN_TEAM
            + " must investigate together (劳动保障监察条例 art. 16)");
      }
      return p;
    }

    /** The members' user ids, in the order given. */
    public List<Long> inspectorIds() {
      return team.stream().map(TeamMember::userId).toList();
    }

    @Override
    public Map<String, Object> data() {
      return Map.of("inspectors", inspectorIds());
    }
  }

  /** An assigned inspector acknowledges the dispatch (接单). */
  record Accept(long expectedVersion) implements Command {
    @Override
    public CaseAction action() {
      return CaseAction.ACCEPT;
    }
  }

  /** 拒单: an assigned inspector declines the dispatch, with a reason. */
  record Refuse(long expectedVersion, String reason) implements Command {
    @Override
    public CaseAction action() {
      return CaseAction.REFUSE;
    }

    @Override
    public List<String> problems() {
      return required("reason", reason);
    }

    @Override
    public Map<String, Object> data() {
      return Map.of("reason", reason.strip());
    }
  }

  /**
   * Where a check-in was made (WGS84) and how far it lies from the case's location; the caller
   * measures the distance (the workflow has no map).
   *
   * @param distanceMeters from the case's location, or null when the case has none
   * @param farFromSite whether the distance exceeds what the service accepts without a warning
   */
  record CheckIn(double lon, double lat, Double accuracyMeters, Double distanceMeters, boolean farFromSite) {}

  /**
   * 到场, optionally with where the check-in was made. Being far from the site is a warning on
   * the case, not a refusal: the complainant's address can be wrong, and the inspector is there.
   */
  record Arrive(long expectedVersion, CheckIn checkIn) implements Command {
    /** An arrival without a location. */
    public Arrive(long expectedVersion) {
      this(expectedVersion, null);
    }

    @Override
    public CaseAction action() {
      return CaseAction.ARRIVE;
    }

    @Override
    public Map<String, Object> data() {
      if (checkIn == null) {
        return Map.of();
      }
      Map<String, Object> location = new LinkedHashMap<>();
      location.put("lon", checkIn.lon());
      location.put("lat", checkIn.lat());
      if (checkIn.accuracyMeters() != null) {
        location.put("accuracyMeters", checkIn.accuracyMeters());
      }
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("location", location);
      if (checkIn.distanceMeters() != null) {
        d.put("distanceMeters", Math.round(checkIn.distanceMeters() * 10) / 10.0);
      }
      d.put("farFromSite", checkIn.farFromSite());
      return d;
    }
  }

  /**
   * The acceptance clock ran out with the team not all accepted: the system releases it.
   *
   * @param timeoutSeconds the acceptance time the team had
   */
  record DispatchTimeout(long expectedVersion, int timeoutSeconds) implements Command {
    @Override
    public CaseAction action() {
      return CaseAction.DISPATCH_TIMEOUT;
    }

    @Override
    public Map<String, Object> data() {
      return Map.of("timeoutSeconds", timeoutSeconds);
    }
  }

  /**
   * 批转: moves the case from {@code fromCellCode} (null: outside the grid's coverage) to
   * {@code cellCode}, with a reason. That the target is a current cell is the caller's check.
   */
  record Transfer(long expectedVersion, String cellCode, String reason, String fromCellCode) implements Command {
    @Override
    public CaseAction action() {
      return CaseAction.TRANSFER;
    }

    @Override
    public List<String> problems() {
      List<String> p = new ArrayList<>(required("reason", reason));
      if (cellCode == null || cellCode.isBlank()) {
        p.add("cellCode is required: the grid cell the case goes to");
      } else if (cellCode.strip().equals(fromCellCode)) {
        p.add("the case is already in cell " + fromCellCode);
      }
      return p;
    }

    @Override
    public Map<String, Object> data() {
      Map<String, Object> d = new LinkedHashMap<>();
      if (fromCellCode != null) {
        // Absent for a case that had no cell (outside the grid's coverage): event data holds no nulls.
        d.put("fromCellCode", fromCellCode);
      }
      d.put("toCellCode", cellCode.strip());
      d.put("reason", reason.strip());
      return d;
    }
  }

  /** A note on the case (工作记录). */
  record Note(long expectedVersion, String note) implements Command {
    @Override
    public CaseAction action() {
      return CaseAction.NOTE;
    }

    @Override
    public List<String> problems() {
      return required("note", note);
    }

    @Override
    public Map<String, Object> data() {
      return Map.of("note", note.strip());
    }
  }

  /** Start of 调查处理. */
  record Investigate(long expectedVersion) implements Command {
    @Override
    public CaseAction action() {
      return CaseAction.INVESTIGATE;
    }
  }

  /** 办结, with the outcome. */
  record Resolve(long expectedVersion, Outcome outcome) implements Command {
    @Override
    public CaseAction action() {
      return CaseAction.RESOLVE;
    }

    @Override
    public List<String> problems() {
      return outcome == null ? List.of("outcome is required: wagesRecovered, workersHelped and action")
          : outcome.problems();
    }

    @Override
    public Map<String, Object> data() {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("action", outcome.action().name());
      d.put("wagesRecovered", outcome.wagesRecoveredText());
      d.put("workersHelped", outcome.workersHelped());
      return d;
    }
  }

  /**
   * 核查: {@code passed} moves the case to VERIFIED; a failure sends it back to INVESTIGATING (返工)
   * and needs a reason.
   *
   * @param reason required when the verification failed, optional (a note) when it passed
   */
  record Verify(long expectedVersion, boolean passed, String reason) implements Command {
    @Override
    public CaseAction action() {
      return CaseAction.VERIFY;
    }

    @Override
    public List<String> problems() {
      return passed ? List.of() : required("reason", reason).stream()
          .map(s -> s + " when the verification failed").toList();
    }

    @Override
    public Map<String, Object> data() {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("passed", passed);
      if (reason != null && !reason.isBlank()) {
        d.put("reason", reason.strip());
      }
      return d;
    }
  }

  /** 结案. */
  record Close(long expectedVersion) implements Command {
    @Override
    public CaseAction action() {
      return CaseAction.CLOSE;
    }
  }

  /** 回退: wrong dispatch; the team is released and the case awaits re-dispatch. */
  record Return(long expectedVersion, String reason) implements Command {
    @Override
    public CaseAction action() {
      return CaseAction.RETURN;
    }

    @Override
    public List<String> problems() {
      return required("reason", reason);
    }

    @Override
    public Map<String, Object> data() {
      return Map.of("reason", reason.strip());
    }
  }

  /** Which clock an extension (延期) moves. */
  enum ExtendedClock {
    /** The legal 60-working-day investigation limit, by working days (at most 30 in all). */
    INVESTIGATION,
    /** The service promise to close (e.g. 7日结案), by calendar days (at most 30 in all). */
    PROMISE
  }

  /**
   * 延期, approved with a reason: the investigation clock by {@code workingDays}, or the service
   * promise to close by {@code days} calendar days.
   *
   * @param clock which clock; null is {@link ExtendedClock#INVESTIGATION}
   * @param workingDays the extension of the investigation (used when the clock is INVESTIGATION)
   * @param days the extension of the promise in calendar days (used when the clock is PROMISE)
   */
  record Extend(long expectedVersion, ExtendedClock clock, int workingDays, int days, String reason)
      implements Command {
    /** The most the service promise may be extended by in all, in calendar days. */
    public static final int MAX_PROMISE_DAYS = 30;

    public Extend {
      clock = clock == null ? ExtendedClock.INVESTIGATION : clock;
    }

    /** An extension of the investigation clock by {@code workingDays}. */
    public Extend(long expectedVersion, int workingDays, String reason) {
      this(expectedVersion, ExtendedClock.INVESTIGATION, workingDays, 0, reason);
    }

    @Override
    public CaseAction action() {
      return CaseAction.EXTEND;
    }

    @Override
    public List<String> problems() {
      List<String> p = new ArrayList<>(required("reason", reason));
      if (clock == ExtendedClock.INVESTIGATION
          && (workingDays < 1 || workingDays > CaseState.MAX_EXTENSION_WORKING_DAYS)) {
        p.add("workingDays must be between 1 and " + CaseState.MAX_EXTENSION_WORKING_DAYS);
      }
      if (clock == ExtendedClock.PROMISE && (days < 1 || days > MAX_PROMISE_DAYS)) {
        p.add("days must be between 1 and " + MAX_PROMISE_DAYS + " to extend the service promise");
      }
      return p;
    }

    @Override
    public Map<String, Object> data() {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("clock", clock.name());
      if (clock == ExtendedClock.INVESTIGATION) {
        d.put("workingDays", workingDays);
      } else {
        d.put("days", days);
      }
      d.put("reason", reason.strip());
      return d;
    }
  }

  /**
   * 挂账: a long-term problem set aside by a supervisor, with a reason and the date by which it is
   * reviewed; clocks pause. That the date lies ahead, within the allowed horizon, is the clocks'
   * check (they know today).
   */
  record Park(long expectedVersion, String reason, LocalDate reviewDate) implements Command {
    @Override
    public CaseAction action() {
      return CaseAction.PARK;
    }

    @Override
    public List<String> problems() {
      List<String> p = new ArrayList<>(required("reason", reason));
      if (reviewDate == null) {
        p.add("reviewDate is required: the date (yyyy-MM-dd) by which the parked case is reviewed");
      }
      return p;
    }

    @Override
    public Map<String, Object> data() {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("reason", reason.strip());
      d.put("reviewDate", reviewDate.toString());
      return d;
    }
  }

  /** Back from 挂账; clocks resume. */
  record Unpark(long expectedVersion) implements Command {
    @Override
    public CaseAction action() {
      return CaseAction.UNPARK;
    }
  }

  /** 返工 of a closed case after a dissatisfied follow-up. */
  record Reopen(long expectedVersion, String reason) implements Command {
    @Override
    public CaseAction action() {
      return CaseAction.REOPEN;
    }

    @Override
    public List<String> problems() {
      return required("reason", reason);
    }

    @Override
    public Map<String, Object> data() {
      return Map.of("reason", reason.strip());
    }
  }

  /**
   * 合并 into {@code intoCaseId} as a duplicate. That the target exists and is open is for the
   * caller to check (it needs the store).
   */
  record Merge(long expectedVersion, long intoCaseId, String reason) implements Command {
    @Override
    public CaseAction action() {
      return CaseAction.MERGE;
    }

    @Override
    public List<String> problems() {
      return intoCaseId > 0 ? List.of() : List.of("intoCaseId is required: the case this one duplicates");
    }

    @Override
    public Map<String, Object> data() {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("into", intoCaseId);
      if (reason != null && !reason.isBlank()) {
        d.put("reason", reason.strip());
      }
      return d;
    }
  }

  /** 回访: the complainant's satisfaction with a closed case. */
  record FollowUp(long expectedVersion, Satisfaction satisfaction, String note) implements Command {
    @Override
    public CaseAction action() {
      return CaseAction.FOLLOW_UP;
    }

    @Override
    public List<String> problems() {
      return satisfaction == null ? List.of("satisfaction is required, SATISFIED or DISSATISFIED") : List.of();
    }

    @Override
    public Map<String, Object> data() {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("satisfaction", satisfaction.name());
      if (note != null && !note.isBlank()) {
        d.put("note", note.strip());
      }
      return d;
    }
  }

  private static List<String> required(String field, String value) {
    return value == null || value.isBlank() ? List.of(field + " is required") : List.of();
  }
}
