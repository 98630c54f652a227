package io.gridwatch.cases.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bundled calendar files that say {@code "verified": true} against a truth we did not write:
 * the State Council's notice as printed (src/test/resources/calendar/notices/YYYY.txt, its
 * arrangement lines copied from the published text). Each line is read as the notice states it
 * ("1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。"): the holiday range, its length in
 * days and the weekday the notice gives for every date, and the make-up working days. The
 * weekdays are checked with java.time, so a misread date fails twice over.
 */
class CalendarMatchesNoticeTest {
  // 1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天  /  1月1日（周三）放假1天
  private static final Pattern HOLIDAY = Pattern.compile(
      "^[一二三四五六七八九十]+、(?<name>[^：]+)：(?<m1>\\d+)月(?<d1>\\d+)日（[^）]*?周(?<w1>.)）"
          + "(?:至(?:(?<m2>\\d+)月)?(?<d2>\\d+)日（[^）]*?周(?<w2>.)）)?放假[^，。\\d]*(?:(?<one>\\d+)天)?"
          + "(?:，[^。]*?共(?<n>\\d+)天)?[^。]*。(?<rest>.*)$");
  private static final Pattern MAKE_UP = Pattern.compile("(\\d+)月(\\d+)日（周(.)）");
  private static final String WEEKDAYS = "一二三四五六日";

  @ParameterizedTest(name = "cn-{0}.json is the State Council notice, day for day")
  @ValueSource(ints = {2025, 2026})
  void theVerifiedCalendarFileIsTheNoticeDayForDay(int year) throws IOException {
    CalendarYear file = CalendarYear.parse(resource("calendar/cn-" + year + ".json"), "cn-" + year + ".json");
    assertThat(file.verified()).as("cn-%d.json says verified", year).isTrue();

    Map<LocalDate, String> holidays = new TreeMap<>();
    Map<LocalDate, String> makeUp = new TreeMap<>();
    int lines = 0;
    for (String line : resource("calendar/notices/" + year + ".txt").split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      lines++;
      Matcher m = HOLIDAY.matcher(line.strip());
      assertThat(m.matches()).as("a notice line: %s", line).isTrue();
      String name = m.group("name");
      LocalDate from = date(year, m.group("m1"), m.group("d1"), m.group("w1"));
      LocalDate to = m.group("d2") == null ? from
          : date(year, m.group("m2") == null ? m.group("m1") : m.group("m2"), m.group("d2"), m.group("w2"));
      String stated = m.group("n") != null ? m.group("n") : m.group("one");
      assertThat(to.toEpochDay() - from.toEpochDay() + 1).as("days of %s", name).isEqualTo(Long.parseLong(stated));
      for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
        holidays.put(d, name);
      }
      Matcher mu = MAKE_UP.matcher(m.group("rest"));
      while (mu.find()) {
        makeUp.put(date(year, mu.group(1), mu.group(2), mu.group(3)), name);
      }
    }
    assertThat(lines).as("arrangement lines in the notice").isGreaterThanOrEqualTo(6);
    assertThat(file.holidays().keySet()).as("holidays of cn-%d.json", year).containsExactlyElementsOf(holidays.keySet());
    assertThat(file.makeUpWorkdays().keySet()).as("make-up days of cn-%d.json", year)
        .containsExactlyElementsOf(makeUp.keySet());
    List<LocalDate> weekdayMakeUps = new ArrayList<>();
    makeUp.keySet().stream().filter(d -> d.getDayOfWeek().getValue() < 6).forEach(weekdayMakeUps::add);
    assertThat(weekdayMakeUps).as("make-up days are weekend days").isEmpty();
  }

  /** A date of the notice, whose weekday must be the one the notice prints beside it. */
  private static LocalDate date(int year, String month, String day, String weekday) {
    LocalDate d = LocalDate.of(year, Integer.parseInt(month), Integer.parseInt(day));
    DayOfWeek printed = DayOfWeek.of(WEEKDAYS.indexOf(weekday) + 1);
    assertThat(d.getDayOfWeek()).as("the notice says %s is 周%s", d, weekday).isEqualTo(printed);
    return d;
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = CalendarMatchesNoticeTest.class.getClassLoader().getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
