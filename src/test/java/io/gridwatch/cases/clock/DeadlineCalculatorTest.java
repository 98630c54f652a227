package io.gridwatch.cases.clock;

import static io.gridwatch.cases.clock.DeadlineKind.LEGAL_ACCEPT;
import static io.gridwatch.cases.clock.DeadlineKind.LEGAL_INVESTIGATE;
import static io.gridwatch.cases.clock.DeadlineKind.LEGAL_REGISTER;
import static io.gridwatch.cases.clock.DeadlineKind.SERVICE_CLOSE;
import static io.gridwatch.cases.clock.DeadlineKind.SERVICE_ON_SITE;
import static io.gridwatch.cases.clock.DeadlineKind.SERVICE_REGISTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadlineCalculatorTest {
  private static final WorkingCalendar CAL = WorkingCalendar.loadBundled();
  private static final ServicePromises PROMISES = ServicePromises.loadBundled();
  private static final DeadlineCalculator CALC =
      new DeadlineCalculator(CAL, PROMISES, Clock.fixed(bj("2026-01-05T09:00"), WorkingCalendar.ZONE));

  /** An instant given in Beijing time. */
  private static Instant bj(String localDateTime) {
    return OffsetDateTime.parse(localDateTime + "+08:00").toInstant();
  }

  /** A calculator whose injected clock stands still at {@code localDateTime} Beijing time. */
  private static DeadlineCalculator frozenAt(String localDateTime) {
    return new DeadlineCalculator(CAL, PROMISES,
        Clock.fixed(bj(localDateTime), WorkingCalendar.ZONE));
  }

  private static Deadline get(List<Deadline> ds, DeadlineKind kind) {
    return ds.stream().filter(d -> d.kind() == kind).findFirst().orElseThrow(
        () -> new AssertionError("no " + kind + " in " + ds));
  }

  @Test
  void aWageComplaintOnTheFridayBeforeSpringFestivalGetsItsLegalAndServiceClocks() {
    List<Deadline> ds = CALC.onReceived(bj("2026-02-13T10:00"), CaseCategory.WAGE_ARREARS,
        Urgency.NORMAL);
    assertThat(ds).extracting(Deadline::kind)
        .containsExactly(LEGAL_ACCEPT, SERVICE_REGISTER, SERVICE_CLOSE);
    // 5 working days after Fri 13 Feb: Sat 14 (make-up), Tue 24, Wed 25, Thu 26, Fri 27.
    assertThat(get(ds, LEGAL_ACCEPT).dueAt()).isEqualTo(bj("2026-02-28T00:00"));
    // Register the same day; close by the end of the 7th calendar day (Fri 20 Feb).
    assertThat(get(ds, SERVICE_REGISTER).dueAt()).isEqualTo(bj("2026-02-14T00:00"));
    assertThat(get(ds, SERVICE_CLOSE).dueAt()).isEqualTo(bj("2026-02-21T00:00"));
    assertThat(ds).allSatisfy(d -> assertThat(d.isPaused() || d.isMet()).isFalse());
  }

  @Test
  void anUrgentChildLabourReportPutsAnInspectorOnSiteWithinTheHour() {
    List<Deadline> ds = CALC.onReceived(bj("2026-03-10T14:00"), CaseCategory.CHILD_LABOUR,
        Urgency.URGENT);
    Deadline onSite = get(ds, SERVICE_ON_SITE);
    assertThat(onSite.dueAt()).isEqualTo(bj("2026-03-10T15:00"));
    // 20 % of 60 minutes = 12 minutes of yellow.
    assertThat(onSite.warnAt()).isEqualTo(bj("2026-03-10T14:48"));

    assertThat(frozenAt("2026-03-10T14:47:59").status(onSite).status()).isEqualTo(TimerStatus.GREEN);
    assertThat(frozenAt("2026-03-10T14:48").status(onSite).status()).isEqualTo(TimerStatus.YELLOW);
    TimerState late = frozenAt("2026-03-10T15:05").status(onSite);
    assertThat(late.status()).isEqualTo(TimerStatus.RED);
    assertThat(late.timeLeft()).isEqualTo(Duration.ofMinutes(-5));
    assertThat(late.workingDaysLeft()).isNull();

    List<Deadline> arrived = frozenAt("2026-03-10T14:52").onStatusReached(ds, Milestone.ON_SITE);
    Deadline met = get(arrived, SERVICE_ON_SITE);
    assertThat(met.isMetOnTime()).isTrue();
    assertThat(frozenAt("2026-03-10T16:00").status(met))
        .isEqualTo(new TimerState(TimerStatus.MET, Duration.ofMinutes(8), null));
    assertThat(get(arrived, LEGAL_ACCEPT).isMet()).isFalse();
  }

  @Test
  void theAcceptanceClockTurnsYellowForItsWholeLastWorkingDayAndRedAtMidnight() {
    // Received Tue 10 Mar 09:00; 5 working days: 11, 12, 13, 16, 17 -> due 24:00 on Tue 17.
    Deadline accept = get(CALC.onReceived(bj("2026-03-10T09:00"), CaseCategory.OTHER,
        Urgency.NORMAL), LEGAL_ACCEPT);
    assertThat(accept.dueAt()).isEqualTo(bj("2026-03-18T00:00"));
    // 20 % of 7 d 15 h is more than a day, so the lead is capped at one working day.
    assertThat(accept.warnAt()).isEqualTo(bj("2026-03-17T00:00"));

    TimerState monday = frozenAt("2026-03-16T23:59:59").status(accept);
    assertThat(monday.status()).isEqualTo(TimerStatus.GREEN);
    assertThat(monday.workingDaysLeft()).isEqualTo(1);
    TimerState lastDay = frozenAt("2026-03-17T00:00").status(accept);
    assertThat(lastDay.status()).isEqualTo(TimerStatus.YELLOW);
    assertThat(lastDay.workingDaysLeft()).isZero();
    assertThat(lastDay.timeLeft()).isEqualTo(Duration.ofHours(24));
    assertThat(frozenAt("2026-03-17T23:59:59.999").status(accept).status())
        .isEqualTo(TimerStatus.YELLOW);
    TimerState overdue = frozenAt("2026-03-18T00:00").status(accept);
    assertThat(overdue.status()).isEqualTo(TimerStatus.RED);
    assertThat(overdue.timeLeft()).isZero();
    assertThat(accept.isMissed(bj("2026-03-18T00:00"))).isTrue();
    assertThat(accept.isMissed(bj("2026-03-17T23:59"))).isFalse();
  }

  @Test
  void aShortPromiseStillGetsTenMinutesOfYellow() {
    // (This used a wage complaint at 23:40, due at midnight; 当天立案 now counts from the next
    // working day after hours, so a short on-site promise shows the same rule.)
    ServicePromises shortOnSite = ServicePromises.parse("""
        {"rules": [{"category": "*", "urgency": "*", "closeWithinDays": 30},
                   {"category": "*", "urgency": "URGENT", "onSiteWithin": "PT20M"},
                   {"category": "CHILD_LABOUR", "urgency": "URGENT", "onSiteWithin": "PT5M"}]}""", "test");
    DeadlineCalculator calc = new DeadlineCalculator(CAL, shortOnSite, Clock.systemUTC());
    // 20 minutes to be on site; 20 % = 4 min < 10: yellow for the last 10 minutes.
    Deadline onSite = get(calc.onReceived(bj("2026-03-10T23:40"), CaseCategory.WAGE_ARREARS,
        Urgency.URGENT), SERVICE_ON_SITE);
    assertThat(onSite.warnAt()).isEqualTo(bj("2026-03-10T23:50"));
    // Only 5 minutes: yellow from the start.
    Deadline late = get(calc.onReceived(bj("2026-03-10T23:55"), CaseCategory.CHILD_LABOUR,
        Urgency.URGENT), SERVICE_ON_SITE);
    assertThat(late.warnAt()).isEqualTo(late.startedAt());
  }

  @Test
  void acceptanceStartsTheRegisterClockForTheEndOfThatWorkingDay() {
    List<Deadline> ds = CALC.onReceived(bj("2026-03-10T09:00"), CaseCategory.OTHER,
        Urgency.NORMAL);
    List<Deadline> accepted = CALC.onAccepted(ds, bj("2026-03-11T15:30"));
    assertThat(get(accepted, LEGAL_ACCEPT).isMetOnTime()).isTrue();
    assertThat(get(accepted, LEGAL_REGISTER).dueAt()).isEqualTo(bj("2026-03-12T00:00"));
    // Accepted on a day off (National Day): register by the end of the next working day.
    List<Deadline> holiday = CALC.onAccepted(
        CALC.onReceived(bj("2026-09-30T20:00"), CaseCategory.OTHER, Urgency.NORMAL),
        bj("2026-10-03T10:00"));
    assertThat(get(holiday, LEGAL_REGISTER).dueAt()).isEqualTo(bj("2026-10-09T00:00"));
    // Accepting twice does not restart the register clock.
    assertThat(CALC.onAccepted(accepted, bj("2026-03-12T10:00"))).isEqualTo(accepted);
  }

  @Test
  void registrationStartsSixtyWorkingDaysOfInvestigation() {
    List<Deadline> ds = CALC.onAccepted(CALC.onReceived(bj("2026-02-26T09:00"),
        CaseCategory.LABOUR_CONTRACT, Urgency.NORMAL), bj("2026-03-02T09:00"));
    List<Deadline> reg = CALC.onRegistered(ds, bj("2026-03-02T10:00"));
    assertThat(get(reg, LEGAL_REGISTER).isMetOnTime()).isTrue();
    Deadline inv = get(reg, LEGAL_INVESTIGATE);
    // From Mon 2 Mar: 21 working days left in March, 21 in April (清明 Mon 6 off), then May
    // 6-8, Sat 9 (make-up), 11-15, 18-22, 25-28 -> the 60th is Thu 28 May.
    assertThat(inv.dueAt()).isEqualTo(bj("2026-05-29T00:00"));
    assertThat(inv.warnAt()).isEqualTo(bj("2026-05-28T00:00"));
    assertThat(frozenAt("2026-03-02T11:00").status(inv).workingDaysLeft()).isEqualTo(60);
  }

  @Test
  void aWageCaseRegisteredTheNextDayMissesItsSameDayPromise() {
    List<Deadline> ds = CALC.onReceived(bj("2026-03-10T16:00"), CaseCategory.WAGE_ARREARS,
        Urgency.NORMAL);
    List<Deadline> reg = frozenAt("2026-03-11T09:00").onRegistered(ds);
    Deadline promise = get(reg, SERVICE_REGISTER);
    assertThat(promise.isMet()).isTrue();
    assertThat(promise.isMetOnTime()).isFalse();
    assertThat(promise.isMissed(bj("2026-03-11T09:00"))).isTrue();
    assertThat(CALC.status(promise, bj("2026-03-12T00:00")))
        .isEqualTo(new TimerState(TimerStatus.MET, Duration.ofHours(-9), null));
    assertThat(get(reg, LEGAL_ACCEPT).isMetOnTime()).isTrue(); // registering implies accepting
  }

  @Test
  void anApprovedExtensionAddsUpToThirtyWorkingDaysAndNoMore() {
    List<Deadline> reg = CALC.onRegistered(CALC.onReceived(bj("2026-03-02T09:00"),
        CaseCategory.SOCIAL_INSURANCE, Urgency.NORMAL), bj("2026-03-02T10:00"));
    DeadlineCalculator may20 = frozenAt("2026-05-20T10:00");
    // +30 from Thu 28 May: Fri 29 = 1, June 1-5 -> 6, 8-12 -> 11, 15-18 -> 15 (Fri 19 端午),
    // 22-26 -> 20, 29-30 -> 22, July 1-3 -> 25, 6-10 -> 30: Fri 10 July.
    List<Deadline> full = may20.onExtended(reg, 30);
    Deadline inv = get(full, LEGAL_INVESTIGATE);
    assertThat(inv.dueAt()).isEqualTo(bj("2026-07-11T00:00"));
    assertThat(inv.extensionWorkingDays()).isEqualTo(30);
    assertThat(inv.warnAt()).isEqualTo(bj("2026-07-10T00:00"));

    // In two steps, 20 then 10, the same; an 11th day more is refused.
    List<Deadline> twenty = may20.onExtended(reg, 20);
    assertThat(get(may20.onExtended(twenty, 10), LEGAL_INVESTIGATE).dueAt())
        .isEqualTo(inv.dueAt());
    assertThatThrownBy(() -> may20.onExtended(twenty, 11))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("would make 31").hasMessageContaining("limit is 30");
    assertThatThrownBy(() -> may20.onExtended(full, 1))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> may20.onExtended(reg, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anExtensionNeedsARegisteredInvestigationThatIsNotYetOverdue() {
    List<Deadline> received = CALC.onReceived(bj("2026-03-02T09:00"), CaseCategory.OTHER,
        Urgency.NORMAL);
    assertThatThrownBy(() -> CALC.onExtended(received, 10))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("register");
    List<Deadline> reg = CALC.onRegistered(received, bj("2026-03-02T10:00"));
    assertThatThrownBy(() -> frozenAt("2026-05-29T00:00").onExtended(reg, 10))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("before");
  }

  @Test
  void parkingAcrossNationalDayKeepsTheRemainingWorkingDaysAndCalendarTime() {
    // Received Wed 23 Sep 10:00. Accept within 5 working days: Thu 24, Mon 28, Tue 29, Wed 30,
    // (Oct 1-7 off), Thu 8 Oct.
    List<Deadline> ds = CALC.onReceived(bj("2026-09-23T10:00"), CaseCategory.WAGE_ARREARS,
        Urgency.NORMAL);
    assertThat(get(ds, LEGAL_ACCEPT).dueAt()).isEqualTo(bj("2026-10-09T00:00"));
    assertThat(get(ds, SERVICE_CLOSE).dueAt()).isEqualTo(bj("2026-10-01T00:00"));

    List<Deadline> parked = CALC.onParked(ds, bj("2026-09-24T16:00"));
    Deadline accept = get(parked, LEGAL_ACCEPT);
    // The day of parking is used up; left: Mon 28, Tue 29, Wed 30, Thu 8 Oct.
    assertThat(accept.remainingWorkingDays()).isEqualTo(4);
    assertThat(CALC.status(accept, bj("2026-10-05T12:00")))
        .isEqualTo(new TimerState(TimerStatus.PAUSED, null, 4));
    Deadline close = get(parked, SERVICE_CLOSE);
    assertThat(close.remainingTime()).isEqualTo(Duration.ofDays(6).plusHours(8));
    // Already overdue when parked (registration promise ended 24:00 on 23 Sep): stays red.
    Deadline reg = get(parked, SERVICE_REGISTER);
    assertThat(reg.isPaused()).isFalse();
    assertThat(CALC.status(reg, bj("2026-10-05T12:00")).status()).isEqualTo(TimerStatus.RED);
    assertThat(CALC.onParked(parked, bj("2026-09-25T09:00"))).isEqualTo(parked);

    List<Deadline> resumed = CALC.onUnparked(parked, bj("2026-10-09T09:00"));
    // From Fri 9 Oct (not counted): Sat 10 (make-up) = 1, Mon 12, Tue 13, Wed 14 = 4.
    Deadline acceptAgain = get(resumed, LEGAL_ACCEPT);
    assertThat(acceptAgain.isPaused()).isFalse();
    assertThat(acceptAgain.dueAt()).isEqualTo(bj("2026-10-15T00:00"));
    assertThat(acceptAgain.warnAt()).isEqualTo(bj("2026-10-14T00:00")); // lead kept: one day
    // 6 d 8 h from Fri 9 Oct 09:00 -> Thu 15 Oct 17:00.
    assertThat(get(resumed, SERVICE_CLOSE).dueAt()).isEqualTo(bj("2026-10-15T17:00"));
    assertThat(CALC.onUnparked(resumed, bj("2026-10-10T09:00"))).isEqualTo(resumed);
  }

  @Test
  void aClockParkedOnItsLastDayResumesDueAtTheEndOfTheDayItIsUnparked() {
    List<Deadline> ds = CALC.onReceived(bj("2026-03-10T09:00"), CaseCategory.OTHER,
        Urgency.NORMAL); // accept due 24:00 Tue 17 Mar
    List<Deadline> parked = CALC.onParked(ds, bj("2026-03-17T11:00"));
    assertThat(get(parked, LEGAL_ACCEPT).remainingWorkingDays()).isZero();
    // Unparked on Saturday 21 Mar: the first working day is Mon 23.
    assertThat(get(CALC.onUnparked(parked, bj("2026-03-21T10:00")), LEGAL_ACCEPT).dueAt())
        .isEqualTo(bj("2026-03-24T00:00"));
  }

  @Test
  void unparkingBeforeTheParkingIsRefused() {
    List<Deadline> parked = CALC.onParked(CALC.onReceived(bj("2026-03-10T09:00"),
        CaseCategory.OTHER, Urgency.NORMAL), bj("2026-03-11T09:00"));
    assertThatThrownBy(() -> CALC.onUnparked(parked, bj("2026-03-11T08:59")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void extendingAParkedInvestigationAddsToItsRemainingWorkingDays() {
    List<Deadline> reg = CALC.onRegistered(CALC.onReceived(bj("2026-03-02T09:00"),
        CaseCategory.OTHER, Urgency.NORMAL), bj("2026-03-02T10:00"));
    List<Deadline> parked = CALC.onParked(reg, bj("2026-03-02T18:00"));
    assertThat(get(parked, LEGAL_INVESTIGATE).remainingWorkingDays()).isEqualTo(60);
    List<Deadline> extended = CALC.onExtended(parked, 30, bj("2026-04-01T10:00"));
    assertThat(get(extended, LEGAL_INVESTIGATE).remainingWorkingDays()).isEqualTo(90);
    // Unparked the same Monday it was parked: 90 working days from 2 Mar = 10 July.
    assertThat(get(CALC.onUnparked(extended, bj("2026-03-02T19:00")), LEGAL_INVESTIGATE)
        .dueAt()).isEqualTo(bj("2026-07-11T00:00"));
  }

  @Test
  void meetingAParkedClockFirstResumesItSoOnTimeMeansAgainstTheShiftedDueTime() {
    List<Deadline> ds = CALC.onReceived(bj("2026-03-10T09:00"), CaseCategory.OTHER,
        Urgency.NORMAL); // accept due 24:00 Tue 17 Mar
    List<Deadline> parked = CALC.onParked(ds, bj("2026-03-11T09:00")); // 4 left: 12,13,16,17
    List<Deadline> accepted = CALC.onAccepted(parked, bj("2026-03-20T10:00"));
    Deadline accept = get(accepted, LEGAL_ACCEPT);
    assertThat(accept.isPaused()).isFalse();
    assertThat(accept.dueAt()).isEqualTo(bj("2026-03-27T00:00")); // 23, 24, 25, 26
    assertThat(accept.isMetOnTime()).isTrue();
  }

  @Test
  void closingTheCaseMeetsEveryOpenClock() {
    List<Deadline> ds = CALC.onRegistered(CALC.onReceived(bj("2026-03-10T09:00"),
        CaseCategory.WAGE_ARREARS, Urgency.URGENT), bj("2026-03-10T09:30"));
    List<Deadline> closed = CALC.onStatusReached(ds, Milestone.CLOSED, bj("2026-03-12T17:00"));
    assertThat(closed).extracting(Deadline::kind).containsExactlyInAnyOrder(LEGAL_ACCEPT,
        SERVICE_ON_SITE, SERVICE_REGISTER, SERVICE_CLOSE, LEGAL_INVESTIGATE);
    assertThat(closed).allSatisfy(d -> assertThat(d.isMet()).isTrue());
    // Earlier milestones keep their own time.
    assertThat(get(closed, SERVICE_REGISTER).metAt()).isEqualTo(bj("2026-03-10T09:30"));
    assertThat(get(closed, SERVICE_ON_SITE).isMetOnTime()).isFalse(); // nobody went in 1 h
  }

  @Test
  void aClockThatRunsIntoAYearWithoutCalendarIsComputedOnWeekdaysAndMarkedProvisional() {
    // Accept within 5 working days of Tue 28 Dec 2027 runs into 2028, which has no file:
    // Wed 29, Thu 30, Fri 31 Dec, then Mon 3 and Tue 4 Jan 2028 as plain weekdays.
    List<Deadline> ds = CALC.onReceived(bj("2027-12-28T09:00"), CaseCategory.OTHER, Urgency.NORMAL);
    assertThat(get(ds, LEGAL_ACCEPT).dueAt()).isEqualTo(bj("2028-01-05T00:00"));
    assertThat(get(ds, LEGAL_ACCEPT).provisional()).isTrue();
    // A 60-working-day investigation registered in mid-October 2027 too; nothing is refused.
    List<Deadline> inv = CALC.onRegistered(CALC.onReceived(bj("2027-10-12T09:00"), CaseCategory.OTHER,
        Urgency.NORMAL), bj("2027-10-12T10:00"));
    assertThat(get(inv, LEGAL_INVESTIGATE).provisional()).isTrue();
    // Clocks counted over checked years only are not provisional; calendar-time clocks never are.
    List<Deadline> known = CALC.onReceived(bj("2026-03-10T09:00"), CaseCategory.WAGE_ARREARS, Urgency.NORMAL);
    assertThat(known).allSatisfy(d -> assertThat(d.provisional()).as(d.kind().name()).isFalse());
  }

  @Test
  void aClockCountedOverAnUnverifiedYearIsProvisional() {
    // A 60-working-day investigation registered on 1 Dec 2026 ends in 2027, whose file was derived
    // from the lunar dates before the notice appeared.
    List<Deadline> ds = CALC.onRegistered(CALC.onReceived(bj("2026-12-01T09:00"), CaseCategory.OTHER,
        Urgency.NORMAL), bj("2026-12-01T10:00"));
    assertThat(get(ds, LEGAL_ACCEPT).provisional()).isFalse();
    assertThat(get(ds, LEGAL_INVESTIGATE).provisional()).isTrue();
  }

  @Test
  void sameDayRegistrationCountsFromTheWorkingDayOfReceipt() {
    // 23:30 on Tuesday 10 March 2026: after office hours, so due at the end of Wednesday 11 March,
    // not half an hour later.
    List<Deadline> late = CALC.onReceived(bj("2026-03-10T23:30"), CaseCategory.WAGE_ARREARS, Urgency.NORMAL);
    assertThat(get(late, SERVICE_REGISTER).dueAt()).isEqualTo(bj("2026-03-12T00:00"));
    // 17:29 the same day: still the working day, due at its end.
    List<Deadline> inHours = CALC.onReceived(bj("2026-03-10T17:29"), CaseCategory.WAGE_ARREARS, Urgency.NORMAL);
    assertThat(get(inHours, SERVICE_REGISTER).dueAt()).isEqualTo(bj("2026-03-11T00:00"));
    // 17:30 is after hours (the office's day ends then, service-promises.json).
    List<Deadline> atClose = CALC.onReceived(bj("2026-03-10T17:30"), CaseCategory.WAGE_ARREARS, Urgency.NORMAL);
    assertThat(get(atClose, SERVICE_REGISTER).dueAt()).isEqualTo(bj("2026-03-12T00:00"));
    // 08:00 before the office opens on a working day counts for that day.
    List<Deadline> early = CALC.onReceived(bj("2026-03-10T08:00"), CaseCategory.WAGE_ARREARS, Urgency.NORMAL);
    assertThat(get(early, SERVICE_REGISTER).dueAt()).isEqualTo(bj("2026-03-11T00:00"));
    // Saturday 14 March: due at the end of Monday 16 March.
    List<Deadline> weekend = CALC.onReceived(bj("2026-03-14T10:00"), CaseCategory.WAGE_ARREARS, Urgency.NORMAL);
    assertThat(get(weekend, SERVICE_REGISTER).dueAt()).isEqualTo(bj("2026-03-17T00:00"));
    // 国庆节 2 October 2026: the holiday runs to 7 October; Thursday 8 October is the first
    // working day, so due at its end.
    List<Deadline> holiday = CALC.onReceived(bj("2026-10-02T11:00"), CaseCategory.WAGE_ARREARS, Urgency.NORMAL);
    assertThat(get(holiday, SERVICE_REGISTER).dueAt()).isEqualTo(bj("2026-10-09T00:00"));
    // A make-up working day (Saturday 14 February 2026, 调休上班) is a working day.
    List<Deadline> makeUp = CALC.onReceived(bj("2026-02-14T10:00"), CaseCategory.WAGE_ARREARS, Urgency.NORMAL);
    assertThat(get(makeUp, SERVICE_REGISTER).dueAt()).isEqualTo(bj("2026-02-15T00:00"));
  }

  @Test
  void acceptanceStartsTheLegalRegistrationClockDueAtTheEndOfThatWorkingDay() {
    List<Deadline> ds = CALC.onReceived(bj("2026-03-10T09:00"), CaseCategory.OTHER, Urgency.NORMAL);
    assertThat(ds).extracting(Deadline::kind).doesNotContain(LEGAL_REGISTER);
    List<Deadline> accepted = CALC.onAccepted(ds, bj("2026-03-12T15:00"));
    assertThat(get(accepted, LEGAL_ACCEPT).isMetOnTime()).isTrue();
    assertThat(get(accepted, LEGAL_REGISTER).dueAt()).isEqualTo(bj("2026-03-13T00:00"));
    assertThat(get(accepted, LEGAL_REGISTER).isMet()).isFalse();
    List<Deadline> registered = CALC.onRegistered(accepted, bj("2026-03-12T16:00"));
    assertThat(get(registered, LEGAL_REGISTER).isMetOnTime()).isTrue();
  }

  @Test
  void theServicePromiseIsExtendedByCalendarDaysUpToThirtyAndOnlyBeforeItFallsDue() {
    List<Deadline> ds = CALC.onRegistered(CALC.onReceived(bj("2026-03-10T09:00"), CaseCategory.WAGE_ARREARS,
        Urgency.NORMAL), bj("2026-03-10T10:00"));
    assertThat(get(ds, SERVICE_CLOSE).dueAt()).isEqualTo(bj("2026-03-18T00:00"));
    List<Deadline> extended = CALC.onPromiseExtended(ds, 14, bj("2026-03-15T10:00"));
    assertThat(get(extended, SERVICE_CLOSE).dueAt()).isEqualTo(bj("2026-04-01T00:00"));
    assertThat(get(extended, SERVICE_CLOSE).extensionWorkingDays()).isEqualTo(14);
    assertThat(get(extended, LEGAL_INVESTIGATE)).isEqualTo(get(ds, LEGAL_INVESTIGATE));
    assertThatThrownBy(() -> CALC.onPromiseExtended(extended, 17, bj("2026-03-16T10:00")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("limit is 30");
    assertThatThrownBy(() -> CALC.onPromiseExtended(ds, 7, bj("2026-03-18T00:00")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("fell due");
    List<Deadline> noPromise = CALC.onReceived(bj("2026-03-10T09:00"), CaseCategory.OTHER, Urgency.NORMAL)
        .stream().filter(d -> d.kind() != SERVICE_CLOSE).toList();
    assertThatThrownBy(() -> CALC.onPromiseExtended(noPromise, 7, bj("2026-03-11T09:00")))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void parkingStartsAReviewClockThatUnparkingMeetsAndTheReviewDateIsBounded() {
    List<Deadline> ds = CALC.onRegistered(CALC.onReceived(bj("2026-03-10T09:00"), CaseCategory.WAGE_ARREARS,
        Urgency.NORMAL), bj("2026-03-10T10:00"));
    List<Deadline> parked = CALC.onParked(ds, bj("2026-03-11T10:00"), java.time.LocalDate.of(2026, 4, 10));
    Deadline review = get(parked, DeadlineKind.PARK_REVIEW);
    assertThat(review.dueAt()).isEqualTo(bj("2026-04-11T00:00"));
    assertThat(review.isPaused()).isFalse();
    assertThat(get(parked, SERVICE_CLOSE).isPaused()).isTrue();
    List<Deadline> unparked = CALC.onUnparked(parked, bj("2026-03-20T10:00"));
    assertThat(get(unparked, DeadlineKind.PARK_REVIEW).isMetOnTime()).isTrue();
    assertThat(get(unparked, SERVICE_CLOSE).isPaused()).isFalse();
    // Parked again later: a fresh review clock replaces the met one.
    List<Deadline> again = CALC.onParked(unparked, bj("2026-03-21T10:00"), java.time.LocalDate.of(2026, 3, 25));
    assertThat(get(again, DeadlineKind.PARK_REVIEW).isMet()).isFalse();
    assertThat(again.stream().filter(d -> d.kind() == DeadlineKind.PARK_REVIEW)).hasSize(1);
    assertThatThrownBy(() -> CALC.onParked(ds, bj("2026-03-11T10:00"), java.time.LocalDate.of(2026, 3, 11)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("after the day of parking");
    assertThatThrownBy(() -> CALC.onParked(ds, bj("2026-03-11T10:00"), java.time.LocalDate.of(2026, 6, 10)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("90 days");
  }

  @Test
  void anInvestigationRegisteredInLate2026EndsIn2027OnTheProvisionalCalendar() {
    List<Deadline> ds = CALC.onReceived(bj("2026-11-20T09:00"), CaseCategory.OTHER,
        Urgency.NORMAL);
    Deadline inv = get(CALC.onRegistered(ds, bj("2026-11-20T10:00")), LEGAL_INVESTIGATE);
    assertThat(WorkingCalendar.dateOf(inv.dueAt().minusNanos(1)).getYear()).isEqualTo(2027);
  }
}
