package io.gridwatch.cases.workflow;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the workflow needs to know about one case, and all it changes. Immutable: every accepted
 * command yields a new state ({@link Workflow#decide}), one version higher. The store keeps these
 * fields on the case row; the event log keeps the history (reasons, notes).
 *
 * @param id the case's id
 * @param status where the case stands
 * @param version the optimistic-locking version; a new case is at {@link #FIRST_VERSION}, and each
 *     accepted command adds one
 * @param assignedInspectors the dispatched team (user ids, in dispatch order); empty before
 *     dispatch and after a return
 * @param acceptedBy the assigned inspectors who have accepted the dispatch (or arrived, which
 *     implies it), ascending
 * @param extensionWorkingDays approved extension of the legal clock so far, in working days,
 *     at most {@link #MAX_EXTENSION_WORKING_DAYS}
 * @param statusBeforeParking the status to return to on unpark; non-null exactly when {@code
 *     status} is PARKED
 * @param outcome the latest resolution's outcome, or null before the first resolve
 * @param reworks how many times the case went back to investigation (failed verification or a
 *     reopen), for the 返工率
 * @param followUp what the latest follow-up of the current closure found, or null if none since
 *     the case was (re)closed
 * @param mergedInto the case this one was merged into, or null
 */
public record CaseState(long id, CaseStatus status, long version, List<Long> assignedInspectors,
    Set<Long> acceptedBy, int extensionWorkingDays, CaseStatus statusBeforeParking, Outcome outcome,
    int reworks, Satisfaction followUp, Long mergedInto) {

  /** The version of a case just filed. */
  public static final long FIRST_VERSION = 1;

  /**
   * The most an investigation may be extended, in working days, in total (关于实施《劳动保障监察条例》
   * 若干规定: 60 working days, extendable by 30 with approval).
   */
  public static final int MAX_EXTENSION_WORKING_DAYS = 30;

  public CaseState {
    Objects.requireNonNull(status, "status");
    assignedInspectors = List.copyOf(assignedInspectors);
    acceptedBy = Collections.unmodifiableSortedSet(new TreeSet<>(acceptedBy));
    if (extensionWorkingDays < 0 || extensionWorkingDays > MAX_EXTENSION_WORKING_DAYS) {
      throw new IllegalArgumentException("extensionWorkingDays " + extensionWorkingDays + " outside 0.."
          + MAX_EXTENSION_WORKING_DAYS);
    }
    if ((status == CaseStatus.PARKED) != (statusBeforeParking != null)) {
      throw new IllegalArgumentException("statusBeforeParking must be set exactly when the case is PARKED");
    }
    if (statusBeforeParking != null && !Transitions.PARKABLE.contains(statusBeforeParking)) {
      throw new IllegalArgumentException("a case cannot have been parked from " + statusBeforeParking);
    }
    if ((status == CaseStatus.MERGED) != (mergedInto != null)) {
      throw new IllegalArgumentException("mergedInto must be set exactly when the case is MERGED");
    }
  }

  /** A case just filed (受理): RECEIVED, at {@link #FIRST_VERSION}, nothing else known. */
  public static CaseState received(long id) {
    return new CaseState(id, CaseStatus.RECEIVED, FIRST_VERSION, List.of(), Set.of(), 0, null, null, 0, null,
        null);
  }

  /** Whether the case is parked (挂账), its clocks paused. */
  public boolean parked() {
    return status == CaseStatus.PARKED;
  }

  /** Working days of extension still available. */
  public int extensionWorkingDaysLeft() {
    return MAX_EXTENSION_WORKING_DAYS - extensionWorkingDays;
  }

  /** Whether {@code userId} is on the dispatched team. */
  public boolean isAssigned(long userId) {
    return assignedInspectors.contains(userId);
  }

  // Withers, package-private: only the workflow changes a state.

  CaseState withStatus(CaseStatus s) {
    return new CaseState(id, s, version, assignedInspectors, acceptedBy, extensionWorkingDays, statusBeforeParking,
        outcome, reworks, followUp, mergedInto);
  }

  CaseState withTeam(List<Long> team, Set<Long> accepted) {
    return new CaseState(id, status, version, team, accepted, extensionWorkingDays, statusBeforeParking, outcome,
        reworks, followUp, mergedInto);
  }

  CaseState withExtension(int total) {
    return new CaseState(id, status, version, assignedInspectors, acceptedBy, total, statusBeforeParking, outcome,
        reworks, followUp, mergedInto);
  }

  CaseState withParking(CaseStatus s, CaseStatus before) {
    return new CaseState(id, s, version, assignedInspectors, acceptedBy, extensionWorkingDays, before, outcome,
        reworks, followUp, mergedInto);
  }

  CaseState withOutcome(Outcome o) {
    return new CaseState(id, status, version, assignedInspectors, acceptedBy, extensionWorkingDays,
        statusBeforeParking, o, reworks, followUp, mergedInto);
  }

  CaseState withRework() {
    return new CaseState(id, status, version, assignedInspectors, acceptedBy, extensionWorkingDays,
        statusBeforeParking, outcome, reworks + 1, null, mergedInto);
  }

  CaseState withFollowUp(Satisfaction f) {
    return new CaseState(id, status, version, assignedInspectors, acceptedBy, extensionWorkingDays,
        statusBeforeParking, outcome, reworks, f, mergedInto);
  }

  CaseState withMergedInto(long into) {
    return new CaseState(id, CaseStatus.MERGED, version, assignedInspectors, acceptedBy, extensionWorkingDays,
        null, outcome, reworks, followUp, into);
  }

  CaseState nextVersion() {
    return new CaseState(id, status, version + 1, assignedInspectors, acceptedBy, extensionWorkingDays,
        statusBeforeParking, outcome, reworks, followUp, mergedInto);
  }
}
