package io.gridwatch.cases.workflow;

import static io.gridwatch.cases.workflow.CaseAction.*;
import static io.gridwatch.cases.workflow.CaseStatus.*;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The transition table: for each status, the actions it allows and where each leads. Data, read by
 * {@link Workflow}; a pair not in the table is refused with {@link
 * Decision.Kind#NOT_ALLOWED_FROM_STATUS}. The table is drawn in {@code package-info.java}.
 * Immutable and thread-safe.
 *
 * <pre>
 * from            action        to
 * RECEIVED        admit         ADMITTED (受理)
 * RECEIVED        register      REGISTERED (受理 and 立案 at once)
 * RECEIVED        decline       DECLINED (不予受理)
 * ADMITTED        register      REGISTERED
 * ADMITTED        decline       DECLINED (不予立案)
 * REGISTERED      dispatch      DISPATCHED
 * DISPATCHED      accept        (stays DISPATCHED; records the inspector's acceptance)
 * ON_SITE         accept        (stays; the partner accepts after the first arrived)
 * DISPATCHED      refuse        REGISTERED (拒单; the team is released)
 * DISPATCHED      dispatch-timeout REGISTERED (the system's, when nobody accepted in time)
 * DISPATCHED      arrive        ON_SITE
 * ON_SITE         arrive        (stays; the second inspector checks in)
 * ON_SITE         investigate   INVESTIGATING
 * INVESTIGATING   resolve       RESOLVED
 * RESOLVED        verify        VERIFIED if passed, INVESTIGATING (返工) if failed
 * VERIFIED        close         CLOSED
 * DISPATCHED      return        REGISTERED
 * ON_SITE         return        REGISTERED
 * REGISTERED..RESOLVED extend   (stays)
 * REGISTERED..INVESTIGATING park PARKED
 * PARKED          unpark        the status it was parked from
 * CLOSED          follow-up     (stays CLOSED)
 * CLOSED          reopen        INVESTIGATING (needs a dissatisfied follow-up)
 * RECEIVED, ADMITTED, REGISTERED transfer (stays; 批转 to another cell)
 * every open status (RECEIVED..VERIFIED, PARKED) merge MERGED
 * every open status (RECEIVED..VERIFIED, PARKED) note (stays)
 * </pre>
 */
public final class Transitions {

  /** Where an allowed action leads. */
  public sealed interface Target {
    /** To a fixed status. */
    record To(CaseStatus status) implements Target {}

    /** The status does not change. */
    record Stay() implements Target {}

    /** Back to the status recorded when the case was parked. */
    record BeforeParking() implements Target {}

    /** Depends on the verification's verdict. */
    record ByVerdict(CaseStatus passed, CaseStatus failed) implements Target {}
  }

  /** The statuses an extension may be granted in: the investigation clock runs, from registration to resolution. */
  public static final Set<CaseStatus> EXTENDABLE =
      Collections.unmodifiableSet(EnumSet.of(REGISTERED, DISPATCHED, ON_SITE, INVESTIGATING, RESOLVED));

  /** The statuses a case may be parked from: registered and not yet resolved. */
  public static final Set<CaseStatus> PARKABLE =
      Collections.unmodifiableSet(EnumSet.of(REGISTERED, DISPATCHED, ON_SITE, INVESTIGATING));

  /**
   * The statuses a case may be moved to another cell (批转) in: before it is dispatched, when the
   * cell decides who works it. A dispatched case is returned first.
   */
  public static final Set<CaseStatus> TRANSFERABLE =
      Collections.unmodifiableSet(EnumSet.of(RECEIVED, ADMITTED, REGISTERED));

  private static final Target STAY = new Target.Stay();
  private static final Map<CaseStatus, Map<CaseAction, Target>> TABLE = build();

  private Transitions() {}

  private static Map<CaseStatus, Map<CaseAction, Target>> build() {
    Map<CaseStatus, Map<CaseAction, Target>> t = new EnumMap<>(CaseStatus.class);
    for (CaseStatus s : CaseStatus.values()) {
      t.put(s, new EnumMap<>(CaseAction.class));
    }
    to(t, RECEIVED, ADMIT, ADMITTED);
    to(t, RECEIVED, REGISTER, REGISTERED);
    to(t, RECEIVED, DECLINE, DECLINED);
    to(t, ADMITTED, REGISTER, REGISTERED);
    to(t, ADMITTED, DECLINE, DECLINED);
    to(t, REGISTERED, DISPATCH, DISPATCHED);
    t.get(DISPATCHED).put(ACCEPT, STAY);
    t.get(ON_SITE).put(ACCEPT, STAY);
    to(t, DISPATCHED, REFUSE, REGISTERED);
    to(t, DISPATCHED, DISPATCH_TIMEOUT, REGISTERED);
    to(t, DISPATCHED, ARRIVE, ON_SITE);
    t.get(ON_SITE).put(ARRIVE, STAY);
    to(t, ON_SITE, INVESTIGATE, INVESTIGATING);
    to(t, INVESTIGATING, RESOLVE, RESOLVED);
    t.get(RESOLVED).put(VERIFY, new Target.ByVerdict(VERIFIED, INVESTIGATING));
    to(t, VERIFIED, CLOSE, CLOSED);
    to(t, DISPATCHED, RETURN, REGISTERED);
    to(t, ON_SITE, RETURN, REGISTERED);
    for (CaseStatus s : EXTENDABLE) {
      t.get(s).put(EXTEND, STAY);
    }
    for (CaseStatus s : PARKABLE) {
      to(t, s, PARK, PARKED);
    }
    t.get(PARKED).put(UNPARK, new Target.BeforeParking());
    t.get(CLOSED).put(FOLLOW_UP, STAY);
    to(t, CLOSED, REOPEN, INVESTIGATING);
    for (CaseStatus s : TRANSFERABLE) {
      t.get(s).put(TRANSFER, STAY);
    }
    for (CaseStatus s : CaseStatus.values()) {
      if (s.isOpen()) {
        to(t, s, MERGE, MERGED);
        t.get(s).put(NOTE, STAY);
      }
    }
    Map<CaseStatus, Map<CaseAction, Target>> frozen = new EnumMap<>(CaseStatus.class);
    t.forEach((s, row) -> frozen.put(s, Collections.unmodifiableMap(row)));
    return Collections.unmodifiableMap(frozen);
  }

  private static void to(Map<CaseStatus, Map<CaseAction, Target>> t, CaseStatus from, CaseAction a, CaseStatus to) {
    t.get(from).put(a, new Target.To(to));
  }

  /** Where {@code action} leads from {@code from}, or empty if the table does not allow it. */
  public static Optional<Target> target(CaseStatus from, CaseAction action) {
    return Optional.ofNullable(TABLE.get(from).get(action));
  }

  /** Whether the table allows {@code action} from {@code from}. */
  public static boolean allows(CaseStatus from, CaseAction action) {
    return TABLE.get(from).containsKey(action);
  }

  /** The actions allowed from {@code from}, in declaration order. */
  public static Set<CaseAction> actionsFrom(CaseStatus from) {
    Set<CaseAction> s = EnumSet.noneOf(CaseAction.class);
    s.addAll(TABLE.get(from).keySet());
    return Collections.unmodifiableSet(s);
  }

  /** The whole table, for documentation and the API's description. Unmodifiable. */
  public static Map<CaseStatus, Map<CaseAction, Target>> table() {
    return TABLE;
  }
}
