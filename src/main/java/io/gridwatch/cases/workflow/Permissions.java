package io.gridwatch.cases.workflow;

import static io.gridwatch.auth.Role.*;
import static io.gridwatch.cases.workflow.CaseAction.*;

import io.gridwatch.auth.Role;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Who may take which action: for each action, the roles allowed and on what condition. Data, read
 * by {@link Workflow}; a role not listed is refused with {@link Decision.Kind#FORBIDDEN_FOR_ROLE}.
 * ADMIN and LEADER take no workflow actions. Which cells a user may act in (scope) is not decided
 * here but by the caller, as for every other capability. Immutable and thread-safe.
 *
 * <pre>
 * action       roles (condition)
 * admit        OPERATOR, SUPERVISOR
 * register     SUPERVISOR
 * decline      SUPERVISOR
 * dispatch     OPERATOR, SUPERVISOR
 * accept       INSPECTOR (on the team)
 * refuse       INSPECTOR (on the team)
 * arrive       INSPECTOR (on the team), ASSISTANT
 * investigate  INSPECTOR (on the team)
 * resolve      INSPECTOR (on the team), ASSISTANT (no enforcement: MEDIATION or NO_VIOLATION)
 * verify       SUPERVISOR, ASSISTANT
 * close        SUPERVISOR
 * return       OPERATOR, SUPERVISOR
 * extend       SUPERVISOR
 * park         SUPERVISOR
 * unpark       SUPERVISOR
 * reopen       SUPERVISOR
 * merge        OPERATOR
 * follow-up    OPERATOR
 * transfer     SUPERVISOR (批转)
 * note         OPERATOR, SUPERVISOR, ASSISTANT, INSPECTOR (on the team)
 * dispatch-timeout  nobody: the system's (Workflow.timeOut)
 * (filing)     OPERATOR, ASSISTANT (patrol reports)
 * </pre>
 */
public final class Permissions {

  /** On what condition a listed role may take an action. */
  public enum Condition {
    /** Always. */
    ALWAYS,
    /** Only a user on the team the case was dispatched to. */
    ON_TEAM,
    /** Only if the outcome involves no enforcement (MEDIATION or NO_VIOLATION). */
    NO_ENFORCEMENT
  }

  private static final Map<CaseAction, Map<Role, Condition>> TABLE = build();

  /** The roles that may file a complaint, opening a case in RECEIVED. */
  public static final Set<Role> FILERS = Collections.unmodifiableSet(EnumSet.of(OPERATOR, ASSISTANT));

  private Permissions() {}

  private static Map<CaseAction, Map<Role, Condition>> build() {
    Map<CaseAction, Map<Role, Condition>> t = new EnumMap<>(CaseAction.class);
    for (CaseAction a : CaseAction.values()) {
      t.put(a, new EnumMap<>(Role.class));
    }
    // 受理 is the intake desk's act (受理员); registering (立案) is the duty supervisor's approval.
    allow(t, ADMIT, OPERATOR, SUPERVISOR);
    allow(t, REGISTER, SUPERVISOR);
    allow(t, DECLINE, SUPERVISOR);
    allow(t, DISPATCH, OPERATOR, SUPERVISOR);
    t.get(ACCEPT).put(INSPECTOR, Condition.ON_TEAM);
    t.get(REFUSE).put(INSPECTOR, Condition.ON_TEAM);
    t.get(ARRIVE).put(INSPECTOR, Condition.ON_TEAM);
    allow(t, ARRIVE, ASSISTANT);
    t.get(INVESTIGATE).put(INSPECTOR, Condition.ON_TEAM);
    t.get(RESOLVE).put(INSPECTOR, Condition.ON_TEAM);
    t.get(RESOLVE).put(ASSISTANT, Condition.NO_ENFORCEMENT);
    allow(t, VERIFY, SUPERVISOR, ASSISTANT);
    allow(t, CLOSE, SUPERVISOR);
    // Supervisors approve returns (Role, DOMAIN.md "Who uses it"), so they may also take one.
    allow(t, RETURN, OPERATOR, SUPERVISOR);
    allow(t, EXTEND, SUPERVISOR);
    allow(t, PARK, SUPERVISOR);
    allow(t, UNPARK, SUPERVISOR);
    allow(t, REOPEN, SUPERVISOR);
    allow(t, MERGE, OPERATOR);
    allow(t, FOLLOW_UP, OPERATOR);
    allow(t, TRANSFER, SUPERVISOR);
    allow(t, NOTE, OPERATOR, SUPERVISOR, ASSISTANT);
    t.get(NOTE).put(INSPECTOR, Condition.ON_TEAM);
    Map<CaseAction, Map<Role, Condition>> frozen = new EnumMap<>(CaseAction.class);
    t.forEach((a, row) -> frozen.put(a, Collections.unmodifiableMap(row)));
    return Collections.unmodifiableMap(frozen);
  }

  private static void allow(Map<CaseAction, Map<Role, Condition>> t, CaseAction a, Role... roles) {
    for (Role r : roles) {
      t.get(a).put(r, Condition.ALWAYS);
    }
  }

  /** The roles that may take {@code action} (on some condition), in declaration order. */
  public static Set<Role> rolesFor(CaseAction action) {
    Set<Role> s = EnumSet.noneOf(Role.class);
    s.addAll(TABLE.get(action).keySet());
    return Collections.unmodifiableSet(s);
  }

  /** Whether {@code role} may take {@code action} at all (its condition aside). */
  public static boolean allows(Role role, CaseAction action) {
    return TABLE.get(action).containsKey(role);
  }

  /** The condition on which {@code role} may take {@code action}, or null if it may not. */
  public static Condition condition(Role role, CaseAction action) {
    return TABLE.get(action).get(role);
  }

  /** Whether {@code role} may file a complaint. */
  public static boolean mayFile(Role role) {
    return FILERS.contains(role);
  }

  /** The whole table, for documentation. Unmodifiable. */
  public static Map<CaseAction, Map<Role, Condition>> table() {
    return TABLE;
  }
}
