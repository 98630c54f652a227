package io.gridwatch.employers;

/**
 * The three wage safeguards a construction project must keep (保障农民工工资支付条例): a wage
 * guarantee deposit (工资保证金), a dedicated wage account (农民工工资专用账户) and real-name
 * attendance (实名制考勤). Immutable.
 */
public record ConstructionSafeguards(boolean wageGuaranteeDeposit, boolean dedicatedWageAccount,
    boolean realNameAttendance) {

  /** Whether all three are in place. */
  public boolean complete() {
    return wageGuaranteeDeposit && dedicatedWageAccount && realNameAttendance;
  }
}
