package io.gridwatch.cases.workflow;

/**
 * Where a case (案件) stands in its workflow (shared/DOMAIN.md, "The case and its workflow").
 * The names are the API's fixed status names ({@code GET /api/cases/{id}} → {@code status});
 * {@link #ADMITTED} (受理 apart from 立案, as the regulation has them) and {@link #PARKED} (挂账)
 * are added.
 *
 * <p>Terminal statuses take no further action: {@link #DECLINED} and {@link #MERGED}.
 * {@link #CLOSED} is terminal except for a {@code follow-up} (回访, which leaves it closed) and a
 * {@code reopen} after a dissatisfied follow-up. Which action leads where is in
 * {@link Transitions}.
 */
public enum CaseStatus {
  /**
   * 待受理: the complaint is in and awaits 受理, the legal act of accepting it for handling; the
   * 5-working-day acceptance clock runs. Not yet "accepted": 受理 is named only once it happened.
   */
  RECEIVED("待受理"),
  /**
   * 已受理: accepted for handling (受理), awaiting registration (立案), which the law asks for on
   * the day of acceptance; the registration clock runs.
   */
  ADMITTED("已受理"),
  /** 立案: registered, awaiting dispatch. The 60-working-day investigation clock runs from here. */
  REGISTERED("立案"),
  /** 不予受理: declined with a reason. Terminal. */
  DECLINED("不予受理"),
  /** 派遣: a team of at least two inspectors is assigned and on the way. */
  DISPATCHED("派遣"),
  /** 到场: staff are on site. */
  ON_SITE("到场"),
  /** 调查处理: investigating and handling; also where 返工 (rework) sends a case back to. */
  INVESTIGATING("调查处理"),
  /** 办结: handled, with an outcome; awaiting verification. */
  RESOLVED("办结"),
  /** 核查: the outcome was verified; awaiting closure. */
  VERIFIED("核查"),
  /** 结案: closed. Terminal except for follow-up and a reopen after a dissatisfied follow-up. */
  CLOSED("结案"),
  /** 合并: a duplicate, merged into another case. Terminal. */
  MERGED("合并"),
  /** 挂账: a long-term problem, set aside; clocks are paused until it is unparked. */
  PARKED("挂账");

  private final String chinese;

  CaseStatus(String chinese) {
    this.chinese = chinese;
  }

  /** The Chinese term, as the service's own documents name this stage. */
  public String chinese() {
    return chinese;
  }

  /** Whether no action at all leads out of this status ({@link #DECLINED}, {@link #MERGED}). */
  public boolean isTerminal() {
    return this == DECLINED || this == MERGED;
  }

  /**
   * Whether the case is still being worked on: neither terminal nor {@link #CLOSED}. Only an open
   * case may be merged into another.
   */
  public boolean isOpen() {
    return !isTerminal() && this != CLOSED;
  }
}
