package io.gridwatch.escalation;

import io.gridwatch.cases.clock.DeadlineKind;

/**
 * How closely a late case is supervised (督办): the level an overdue deadline raises a case to.
 * Plain Java; the sweeper applies it.
 */
public enum Supervision {
  /** 督办: a service promise was missed; the level-1 grid follows it up. */
  SUPERVISED,
  /** 挂牌督办: a statutory limit was missed, or a mass incident is late; the brigade and leadership track it. */
  LISTED;

  /** Mass incidents by headcount (shared/DOMAIN.md: grade I at 30 or more workers). */
  public static final int MASS_INCIDENT_WORKERS = 30;

  /** The level an overdue {@code kind} raises a case with {@code workersInvolved} workers to. */
  public static Supervision forOverdue(DeadlineKind kind, int workersInvolved) {
    return kind.isLegal() || workersInvolved >= MASS_INCIDENT_WORKERS ? LISTED : SUPERVISED;
  }
}
