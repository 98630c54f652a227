package io.gridwatch.cases.clock;

/**
 * What a complaint is about, as far as the service promise cares. The case workflow maps its own
 * category onto this one; anything unmapped is {@link #OTHER}.
 */
public enum CaseCategory {
  /** 欠薪: unpaid wages. */
  WAGE_ARREARS,
  /** 劳动合同: contract not signed, unlawful termination, ... */
  LABOUR_CONTRACT,
  /** 社会保险: contributions not paid. */
  SOCIAL_INSURANCE,
  /** 工作时间: excessive hours, rest days. */
  WORKING_HOURS,
  /** 童工: child labour. */
  CHILD_LABOUR,
  /** 职业中介: unlawful agency or deposit fees. */
  AGENCY_FEES,
  /** Anything else. */
  OTHER
}
