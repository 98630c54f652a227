package io.gridwatch.cases.clock;

/**
 * The deadlines a case can carry, each on one of two clocks ({@link Basis}).
 *
 * <p>Legal clocks (working days, fixed by law, hence constants here rather than data):
 * accept within {@value #ACCEPT_WORKING_DAYS} working days of receipt; register by the end of the
 * working day of acceptance; investigate within {@value #INVESTIGATE_WORKING_DAYS} working days
 * of registration, extendable by at most {@value #MAX_EXTENSION_WORKING_DAYS} with approval
 * (关于实施《劳动保障监察条例》若干规定). Service clocks (calendar time) come from
 * {@link ServicePromises}.
 */
public enum DeadlineKind {
  /** Accept within 5 working days of receipt. */
  LEGAL_ACCEPT(Basis.WORKING_DAYS),
  /** Register by the end of the working day of acceptance. */
  LEGAL_REGISTER(Basis.WORKING_DAYS),
  /** Investigate and close within 60 working days of registration, +30 with approval. */
  LEGAL_INVESTIGATE(Basis.WORKING_DAYS),
  /** Urgent cases: an inspector on site within the promised time (one hour by default). */
  SERVICE_ON_SITE(Basis.CALENDAR),
  /**
   * 当天立案 (wage arrears): register by 24:00 of the working day on which the complaint arrived;
   * one received after office hours or on a rest day is due at the end of the next working day.
   * Counted in calendar time, but its due day comes from the {@link WorkingCalendar}.
   */
  SERVICE_REGISTER(Basis.CALENDAR),
  /**
   * Close within n calendar days of receipt (wage arrears: 7日结案); a supervisor may extend it
   * with a reason by at most {@value #MAX_PROMISE_EXTENSION_DAYS} days in all.
   */
  SERVICE_CLOSE(Basis.CALENDAR),
  /**
   * 挂账 review: a parked case is looked at again (unparked, or merged) by 24:00 of the review
   * date the supervisor set when parking it, at most {@value #MAX_PARK_REVIEW_DAYS} days ahead.
   * Missing it escalates like any other deadline.
   */
  PARK_REVIEW(Basis.CALENDAR),
  /**
   * The dispatched team accepts (接单) within {@code dispatch.acceptTimeoutSeconds}. Not
   * escalated like the others: when it runs out the system releases the team and offers the
   * case to the next one (a {@code case.dispatch-timeout} event), exactly once, because the
   * release meets this row in the same transaction.
   */
  DISPATCH_ACCEPT(Basis.CALENDAR);

  /** Legal limit for accepting a complaint, in working days after receipt. */
  public static final int ACCEPT_WORKING_DAYS = 5;
  /** Legal limit for an investigation, in working days after registration. */
  public static final int INVESTIGATE_WORKING_DAYS = 60;
  /** Largest total approved extension of an investigation, in working days. */
  public static final int MAX_EXTENSION_WORKING_DAYS = 30;
  /**
   * Largest total extension of the service promise to close, in calendar days: policy, not law,
   * sized so that an absconding employer's case (police and court involved) can be given the
   * month it needs, with a supervisor's reason, instead of turning red by design.
   */
  public static final int MAX_PROMISE_EXTENSION_DAYS = 30;
  /**
   * How far ahead a parked case's review date may lie, in calendar days: 挂账 stops the clocks, so
   * it must come back to a supervisor's desk within a quarter.
   */
  public static final int MAX_PARK_REVIEW_DAYS = 90;

  /** How a clock counts time, and so how it pauses. */
  public enum Basis {
    /** Counted in working days of the {@link WorkingCalendar}; due at 24:00 of the last one. */
    WORKING_DAYS,
    /** Counted in elapsed time. */
    CALENDAR
  }

  private final Basis basis;

  DeadlineKind(Basis basis) {
    this.basis = basis;
  }

  public Basis basis() {
    return basis;
  }

  /** Whether this is a statutory (legal) clock rather than a service promise. */
  public boolean isLegal() {
    return name().startsWith("LEGAL_");
  }

  /** Whether reaching {@code m} meets this deadline (closing meets every deadline). */
  public boolean metBy(Milestone m) {
    return switch (this) {
      case LEGAL_ACCEPT -> m == Milestone.ACCEPTED || m == Milestone.REGISTERED
          || m == Milestone.CLOSED;
      case LEGAL_REGISTER, SERVICE_REGISTER -> m == Milestone.REGISTERED || m == Milestone.CLOSED;
      case SERVICE_ON_SITE -> m == Milestone.ON_SITE || m == Milestone.CLOSED;
      case LEGAL_INVESTIGATE, SERVICE_CLOSE -> m == Milestone.CLOSED;
      case PARK_REVIEW -> m == Milestone.UNPARKED || m == Milestone.CLOSED;
      case DISPATCH_ACCEPT -> m == Milestone.TEAM_ACCEPTED || m == Milestone.DISPATCH_ENDED || m == Milestone.CLOSED;
    };
  }
}
