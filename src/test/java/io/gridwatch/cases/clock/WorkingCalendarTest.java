package io.gridwatch.cases.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkingCalendarTest {
  private static final WorkingCalendar CAL = WorkingCalendar.loadBundled();

  private static LocalDate d(String iso) {
    return LocalDate.parse(iso);
  }

  @Test
  void bundledCalendarCovers2025To2027WithTheTwoPublishedNoticesVerified() {
    assertThat(CAL.years()).contains(2025, 2026, 2027);
    // 2025 and 2026 are checked against the State Council's notices (CalendarMatchesNoticeTest);
    // 2027 was derived from the lunar dates before its notice appeared.
    assertThat(CAL.unverifiedYears()).containsExactly(2027);
    assertThat(CAL.isProvisional(d("2026-12-31"))).isFalse();
    assertThat(CAL.isProvisional(d("2027-01-04"))).isTrue();
  }

  @ParameterizedTest(name = "{0} ({1}) is a day off")
  @CsvSource({
      "2026-01-01, 元旦", "2026-01-02, 元旦", "2026-01-03, 元旦",
      "2026-02-15, 春节", "2026-02-16, 春节", "2026-02-17, 春节", "2026-02-18, 春节",
      "2026-02-19, 春节", "2026-02-20, 春节", "2026-02-21, 春节", "2026-02-22, 春节",
      "2026-02-23, 春节",
      "2026-04-04, 清明节", "2026-04-05, 清明节", "2026-04-06, 清明节",
      "2026-05-01, 劳动节", "2026-05-02, 劳动节", "2026-05-03, 劳动节", "2026-05-04, 劳动节",
      "2026-05-05, 劳动节",
      "2026-06-19, 端午节", "2026-06-20, 端午节", "2026-06-21, 端午节",
      "2026-09-25, 中秋节", "2026-09-26, 中秋节", "2026-09-27, 中秋节",
      "2026-10-01, 国庆节", "2026-10-02, 国庆节", "2026-10-03, 国庆节", "2026-10-04, 国庆节",
      "2026-10-05, 国庆节", "2026-10-06, 国庆节", "2026-10-07, 国庆节"
  })
  void every2026PublicHolidayIsADayOff(String date, String name) {
    assertThat(CAL.isWorkingDay(d(date))).isFalse();
    assertThat(CAL.holidayName(d(date))).contains(name);
  }

  @ParameterizedTest(name = "{0} is worked to make up for {1}")
  @CsvSource({
      "2026-01-04, 元旦", // Sunday
      "2026-02-14, 春节", // Saturday
      "2026-02-28, 春节", // Saturday
      "2026-05-09, 劳动节", // Saturday
      "2026-09-20, 国庆节", // Sunday
      "2026-10-10, 国庆节" // Saturday
  })
  void every2026MakeUpWeekendDayIsAWorkingDay(String date, String forHoliday) {
    LocalDate day = d(date);
    assertThat(day.getDayOfWeek().getValue()).isGreaterThanOrEqualTo(6);
    assertThat(CAL.isWorkingDay(day)).isTrue();
    assertThat(CAL.isMakeUpWorkday(day)).isTrue();
  }

  @Test
  void ordinaryWeekdaysWorkAndOrdinaryWeekendsDoNot() {
    assertThat(CAL.isWorkingDay(d("2026-03-10"))).isTrue(); // Tuesday
    assertThat(CAL.isWorkingDay(d("2026-03-14"))).isFalse(); // Saturday
    assertThat(CAL.isWorkingDay(d("2026-03-15"))).isFalse(); // Sunday
    assertThat(CAL.isWorkingDay(d("2026-10-08"))).isTrue(); // Thursday after National Day
  }

  @Test
  void the2026CalendarHas248WorkingDays() {
    // 261 weekdays, minus 19 weekday holidays (Jan 1-2; Feb 16-20, 23; Apr 6; May 1, 4, 5;
    // Jun 19; Sep 25; Oct 1, 2, 5, 6, 7), plus 6 make-up days.
    assertThat(CAL.workingDaysBetween(d("2025-12-31"), d("2026-12-31"))).isEqualTo(248);
  }

  @ParameterizedTest(name = "2025: {0} working = {1}")
  @CsvSource({
      "2025-01-01, false", "2025-01-26, true", "2025-01-28, false", "2025-02-04, false",
      "2025-02-08, true", "2025-04-04, false", "2025-04-27, true", "2025-05-05, false",
      "2025-05-31, false", "2025-06-02, false", "2025-09-28, true", "2025-10-08, false",
      "2025-10-09, true", "2025-10-11, true", "2025-12-31, true"
  })
  void the2025NoticeIsLoadedToo(String date, boolean working) {
    assertThat(CAL.isWorkingDay(d(date))).isEqualTo(working);
  }

  @Test
  void fiveWorkingDaysFromTheFridayBeforeSpringFestivalLandOnFriday27February() {
    // From Fri 2026-02-13 (not counted): Sat 14 (make-up) = 1; Sun 15 .. Mon 23 off;
    // Tue 24 = 2, Wed 25 = 3, Thu 26 = 4, Fri 27 = 5.
    assertThat(CAL.addWorkingDays(d("2026-02-13"), 5)).isEqualTo(d("2026-02-27"));
    assertThat(CAL.workingDaysBetween(d("2026-02-13"), d("2026-02-27"))).isEqualTo(5);
  }

  @Test
  void sixtyWorkingDaysFromRegistrationOnMonday2MarchEndOnThursday28May() {
    // March after the 2nd: 3-6, 9-13, 16-20, 23-27, 30-31 = 21.
    // April: 1-3, (4-6 清明 off), 7-10, 13-17, 20-24, 27-30 = 21 -> 42.
    // May: (1-5 off), 6-8 -> 45, Sat 9 make-up -> 46, 11-15 -> 51, 18-22 -> 56, 25-28 -> 60.
    assertThat(CAL.addWorkingDays(d("2026-03-02"), 60)).isEqualTo(d("2026-05-28"));
  }

  @Test
  void countingFromAHolidayStartsOnTheNextWorkingDay() {
    // Received during National Day: Thu 8 = 1, Fri 9 = 2, Sat 10 (make-up) = 3, Mon 12 = 4.
    assertThat(CAL.addWorkingDays(d("2026-10-03"), 4)).isEqualTo(d("2026-10-12"));
    assertThat(CAL.addWorkingDays(d("2026-10-03"), 0)).isEqualTo(d("2026-10-03"));
  }

  @Test
  void workingDaysBetweenIsTheInverseOfAddAndAntisymmetric() {
    for (int n = 0; n < 80; n++) {
      LocalDate end = CAL.addWorkingDays(d("2026-01-30"), n);
      assertThat(CAL.workingDaysBetween(d("2026-01-30"), end)).isEqualTo(n);
    }
    assertThat(CAL.workingDaysBetween(d("2026-02-27"), d("2026-02-13"))).isEqualTo(-5);
    assertThat(CAL.workingDaysBetween(d("2026-02-15"), d("2026-02-23"))).isZero();
  }

  @Test
  void aCountFromLate2025RunsIntoJanuary2026() {
    // Wed 2025-12-31 + 3: Jan 1-3 off, Sun Jan 4 (make-up) = 1, Mon 5 = 2, Tue 6 = 3.
    assertThat(CAL.addWorkingDays(d("2025-12-31"), 3)).isEqualTo(d("2026-01-06"));
  }

  @Test
  void endOfWorkingDayIsMidnightInShanghaiOfTheFirstWorkingDay() {
    assertThat(CAL.endOfWorkingDay(d("2026-03-10")))
        .isEqualTo(Instant.parse("2026-03-10T16:00:00Z"));
    // A holiday rolls forward: 2026-10-03 -> Thu 2026-10-08, ends 24:00 Beijing time.
    assertThat(CAL.endOfWorkingDay(d("2026-10-03")))
        .isEqualTo(ZonedDateTime.parse("2026-10-09T00:00+08:00[Asia/Shanghai]").toInstant());
  }

  @Test
  void aYearWithNoFileIsCountedOnWeekendsOnlyAndSaidToBeProvisional() {
    // 2028-01-01 is a Saturday, 2028-01-03 a Monday: with no notice, no holiday is known.
    assertThat(CAL.isWorkingDay(d("2028-01-01"))).isFalse();
    assertThat(CAL.isWorkingDay(d("2028-01-03"))).isTrue();
    assertThat(CAL.holidayName(d("2028-01-03"))).isEmpty();
    assertThat(CAL.isProvisional(d("2028-03-01"))).isTrue();
    assertThat(CAL.isProvisional(d("2024-12-31"))).isTrue();
    assertThat(CAL.anyProvisional(d("2026-01-05"), d("2026-12-31"))).isFalse();
    assertThat(CAL.anyProvisional(d("2026-12-01"), d("2028-01-03"))).isTrue();
  }

  @Test
  void aCountThatRunsPastTheLastLoadedYearGoesOnOverWeekdays() {
    // Fri 2027-12-24 + 10 working days: 27-31 Dec (5, the 2027 file has no holiday there),
    // then Mon 3 Jan to Fri 7 Jan 2028 on weekdays alone.
    assertThat(CAL.addWorkingDays(d("2027-12-24"), 10)).isEqualTo(d("2028-01-07"));
  }

  @Test
  void anOperatorFileReplacesTheBundledYearAndAddsNewOnes(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("cn-2027.json"), """
        {"year": 2027, "verified": true,
         "holidays": [{"name": "元旦", "from": "2027-01-01"}],
         "makeUpWorkdays": []}""");
    Files.writeString(dir.resolve("cn-2026.json"), """
        {"year": 2026, "verified": true, "holidays": [{"name": "测试", "from": "2026-03-10"}]}""");
    WorkingCalendar cal = WorkingCalendar.loadBundledAnd(dir);
    assertThat(cal.years()).contains(2025, 2026, 2027);
    assertThat(cal.isWorkingDay(d("2027-01-01"))).isFalse();
    assertThat(cal.isWorkingDay(d("2027-01-04"))).isTrue();
    assertThat(cal.isWorkingDay(d("2026-03-10"))).isFalse();
    assertThat(cal.isWorkingDay(d("2026-10-01"))).isTrue(); // the bundled 2026 was replaced
    assertThat(cal.unverifiedYears()).isEmpty();
  }

  @Test
  void malformedCalendarFilesAreRefusedAtLoad() {
    assertThatThrownBy(() -> CalendarYear.parse(
        "{\"year\": 2026, \"holidays\": [], \"makeupdays\": []}", "x.json"))
        .isInstanceOf(CalendarDataException.class).hasMessageContaining("makeupdays");
    assertThatThrownBy(() -> CalendarYear.parse(
        "{\"year\": 2026, \"makeUpWorkdays\": [{\"date\": \"2026-03-10\"}]}", "x.json"))
        .isInstanceOf(CalendarDataException.class).hasMessageContaining("already a working day");
    assertThatThrownBy(() -> CalendarYear.parse(
        "{\"year\": 2026, \"holidays\": [{\"name\": \"x\", \"from\": \"2026-03-14\"}],"
            + " \"makeUpWorkdays\": [{\"date\": \"2026-03-14\"}]}", "x.json"))
        .isInstanceOf(CalendarDataException.class).hasMessageContaining("both");
    assertThatThrownBy(() -> CalendarYear.parse(
        "{\"year\": 2026, \"holidays\": [{\"name\": \"x\", \"from\": \"2027-06-01\"}]}", "x.json"))
        .isInstanceOf(CalendarDataException.class).hasMessageContaining("does not belong");
    assertThatThrownBy(() -> CalendarYear.parse("{\"year\": 2026,}", "x.json"))
        .isInstanceOf(CalendarDataException.class).hasMessageContaining("x.json:1:");
  }

  @Test
  void aNewYearBlockMaySpillIntoTheLastDaysOfThePreviousYear() {
    CalendarYear y2019 = CalendarYear.parse("""
        {"year": 2019,
         "holidays": [{"name": "元旦", "from": "2018-12-30", "to": "2019-01-01"}],
         "makeUpWorkdays": [{"date": "2018-12-29", "for": "元旦"}]}""", "t");
    CalendarYear y2018 = CalendarYear.parse("{\"year\": 2018}", "t");
    WorkingCalendar cal = WorkingCalendar.of(java.util.List.of(y2018, y2019));
    assertThat(cal.isWorkingDay(d("2018-12-29"))).isTrue();
    assertThat(cal.isWorkingDay(d("2018-12-31"))).isFalse();
  }
}
