package io.gridwatch.cases.workflow;

/** What a complainant said at the follow-up (回访) of a closed case. */
public enum Satisfaction {
  /** 满意. */
  SATISFIED,
  /** 不满意: allows the case to be reopened (返工). */
  DISSATISFIED
}
