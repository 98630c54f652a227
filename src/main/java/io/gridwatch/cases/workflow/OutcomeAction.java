package io.gridwatch.cases.workflow;

/**
 * What was done about a case when it was resolved (办结). Enforcement actions may be taken only by
 * full-time inspectors (监察员); a grid assistant (协管员) may resolve only a case that involved
 * none ({@link #MEDIATION}, {@link #NO_VIOLATION}).
 */
public enum OutcomeAction {
  /** 调解: settled by mediation. */
  MEDIATION("调解", false),
  /** 责令改正: the employer was ordered to rectify. Enforcement. */
  ORDER_TO_RECTIFY("责令改正", true),
  /** 行政处罚: an administrative penalty. Enforcement. */
  PENALTY("行政处罚", true),
  /** 移送公安: transferred to the police (e.g. refusal to pay wages, a crime). Enforcement. */
  TRANSFER_TO_POLICE("移送公安", true),
  /** 无违法: no violation found. */
  NO_VIOLATION("无违法行为", false);

  private final String chinese;
  private final boolean enforcement;

  OutcomeAction(String chinese, boolean enforcement) {
    this.chinese = chinese;
    this.enforcement = enforcement;
  }

  public String chinese() {
    return chinese;
  }

  /** Whether this is an enforcement action, reserved to inspectors. */
  public boolean isEnforcement() {
    return enforcement;
  }
}
