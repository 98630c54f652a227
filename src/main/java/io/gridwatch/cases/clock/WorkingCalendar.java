package io.gridwatch.cases.clock;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Which dates are working days in mainland China: Monday to Friday, minus public holidays, plus
 * make-up working days (调休上班, usually a Saturday or Sunday next to a holiday block).
 *
 * <p>The data comes one year per file ({@link CalendarYear}, {@code calendar/cn-YYYY.json}).
 * The bundled files are transcriptions of the State Council notices (2025: 国办发明电〔2024〕12号,
 * 2026: 国办发明电〔2025〕7号), each checked day for day against the notice and marked
 * {@code "verified": true}; a year transcribed before its notice appeared says
 * {@code "verified": false} ({@link #unverifiedYears()}). An operator replaces a bundled year or
 * adds a new one with {@code cn-YYYY.json} files in the directory named by the configuration key
 * {@code clocks.calendarDir} ({@link #loadBundledAnd(Path)}), without a rebuild.
 *
 * <p>A year with no file is counted on weekends only (Monday to Friday are working days), and so
 * is every day of it: the answer is then a guess. {@link #isProvisional(LocalDate)} says which
 * dates are such guesses (no file, or an unverified one), so that a deadline computed over them
 * is shown as provisional instead of being refused: a case must be timed even when nobody has
 * added next year's notice yet (docs/clocks.md, "Missing and unverified years").
 *
 * <p>Day counting follows the usual rule for legal time limits: the day of the triggering event
 * is not counted; the deadline is the end (24:00, {@link #ZONE}) of the last counted day.
 *
 * <p>Immutable after load and thread-safe.
 */
public final class WorkingCalendar {
  /** The zone every working-day clock is kept in. */
  public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  /** Classpath folder of the bundled year files. */
  public static final String RESOURCE_DIR = "calendar/";

  // Years probed on the classpath by loadBundled(); a new cn-YYYY.json is picked up unchanged.
  private static final int FIRST_PROBED_YEAR = 2000;
  private static final int LAST_PROBED_YEAR = 2100;

  private final Map<Integer, CalendarYear> years;
  private final Map<LocalDate, String> holidays;
  private final Map<LocalDate, String> makeUpWorkdays;

  private WorkingCalendar(Map<Integer, CalendarYear> years) {
    if (years.isEmpty()) {
      throw new CalendarDataException("No calendar years given");
    }
    Map<LocalDate, String> h = new HashMap<>();
    Map<LocalDate, String> m = new HashMap<>();
    for (CalendarYear y : years.values()) {
      h.putAll(y.holidays());
      m.putAll(y.makeUpWorkdays());
    }
    for (LocalDate d : m.keySet()) {
      if (h.containsKey(d)) {
        throw new CalendarDataException(
            d + " is a holiday in one calendar file and a make-up day in another");
      }
    }
    this.years = Collections.unmodifiableMap(new LinkedHashMap<>(years));
    this.holidays = Map.copyOf(h);
    this.makeUpWorkdays = Map.copyOf(m);
  }

  /**
   * Merges the given years. When a year appears twice, the later one wins (so an operator file
   * replaces a bundled one).
   *
   * @throws CalendarDataException if nothing is given or two files contradict each other
   */
  public static WorkingCalendar of(Collection<CalendarYear> years) {
    Map<Integer, CalendarYear> byYear = new java.util.TreeMap<>();
    for (CalendarYear y : years) {
      byYear.put(y.year(), y);
    }
    return new WorkingCalendar(byYear);
  }

  /** Loads every {@code calendar/cn-YYYY.json} on the class path. */
  public static WorkingCalendar loadBundled() {
    return of(bundledYears());
  }

  /**
   * Loads the bundled years, then every {@code cn-*.json} in {@code directory}; a year found in
   * the directory replaces the bundled one.
   */
  public static WorkingCalendar loadBundledAnd(Path directory) {
    List<CalendarYear> all = new ArrayList<>(bundledYears());
    all.addAll(readPaths(List.of(directory)));
    return of(all);
  }

  /**
   * Loads only the given files; a directory stands for all its {@code cn-*.json} files (in name
   * order). Later files win for the same year.
   */
  public static WorkingCalendar load(Path... filesOrDirectories) {
    return of(readPaths(List.of(filesOrDirectories)));
  }

  private static List<CalendarYear> bundledYears() {
    ClassLoader cl = WorkingCalendar.class.getClassLoader();
    List<CalendarYear> out = new ArrayList<>();
    for (int y = FIRST_PROBED_YEAR; y <= LAST_PROBED_YEAR; y++) {
      String name = RESOURCE_DIR + "cn-" + y + ".json";
      try (InputStream in = cl.getResourceAsStream(name)) {
        if (in != null) {
          CalendarYear cy = CalendarYear.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8),
              name);
          if (cy.year() != y) {
            throw new CalendarDataException(name + " says it is for " + cy.year());
          }
          out.add(cy);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + name, e);
      }
    }
    if (out.isEmpty()) {
      throw new CalendarDataException("No calendar/cn-YYYY.json on the class path");
    }
    return out;
  }

  private static List<CalendarYear> readPaths(List<Path> paths) {
    List<CalendarYear> out = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.list(p)) {
          List<Path> files = s.filter(f -> {
            String n = f.getFileName().toString();
            return n.startsWith("cn-") && n.endsWith(".json") && Files.isRegularFile(f);
          }).sorted().toList();
          for (Path f : files) {
            out.add(readFile(f));
          }
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot list calendar directory " + p, e);
        }
      } else {
        out.add(readFile(p));
      }
    }
    return out;
  }

  private static CalendarYear readFile(Path f) {
    try {
      return CalendarYear.parse(Files.readString(f, StandardCharsets.UTF_8), f.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read calendar file " + f, e);
    }
  }

  /** The years this calendar can answer for, ascending. */
  public Set<Integer> years() {
    return years.keySet();
  }

  /** Loaded years whose file does not claim to have been checked against the notice. */
  public Set<Integer> unverifiedYears() {
    Set<Integer> out = new TreeSet<>();
    years.values().stream().filter(y -> !y.verified()).forEach(y -> out.add(y.year()));
    return Collections.unmodifiableSet(out);
  }

  /**
   * Whether the answer for {@code date} is provisional: its year has no file (counted on weekends
   * only), or its file has not been checked against the State Council's notice.
   */
  public boolean isProvisional(LocalDate date) {
    CalendarYear y = years.get(date.getYear());
    return y == null || !y.verified();
  }

  /** Whether any date from {@code from} to {@code to} (both included) is {@link #isProvisional provisional}. */
  public boolean anyProvisional(LocalDate from, LocalDate to) {
    LocalDate a = from.isAfter(to) ? to : from;
    LocalDate b = from.isAfter(to) ? from : to;
    for (int year = a.getYear(); year <= b.getYear(); year++) {
      CalendarYear y = years.get(year);
      if (y == null || !y.verified()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code date} is a working day: Monday to Friday, minus the holidays, plus the make-up
   * days of its year's file; in a year with no file, Monday to Friday ({@link #isProvisional}).
   */
  public boolean isWorkingDay(LocalDate date) {
    if (holidays.containsKey(date)) {
      return false;
    }
    if (makeUpWorkdays.containsKey(date)) {
      return true;
    }
    DayOfWeek d = date.getDayOfWeek();
    return d != DayOfWeek.SATURDAY && d != DayOfWeek.SUNDAY;
  }

  /** The public holiday {@code date} belongs to, if any (e.g. "春节"). */
  public Optional<String> holidayName(LocalDate date) {
    return Optional.ofNullable(holidays.get(date));
  }

  /** Whether {@code date} is a weekend day worked to make up for a holiday. */
  public boolean isMakeUpWorkday(LocalDate date) {
    return makeUpWorkdays.containsKey(date);
  }

  /**
   * The {@code n}-th working day after {@code start} ({@code start} itself is not counted, and
   * need not be a working day). {@code n == 0} returns {@code start}.
   *
   * @throws IllegalArgumentException if {@code n} is negative
   */
  public LocalDate addWorkingDays(LocalDate start, int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0, was " + n);
    }
    LocalDate d = start;
    int left = n;
    while (left > 0) {
      d = d.plusDays(1);
      if (isWorkingDay(d)) {
        left--;
      }
    }
    return d;
  }

  /**
   * The number of working days {@code d} with {@code a < d <= b}; negative (the count for
   * {@code b, a}, negated) when {@code b} is before {@code a}. It is the inverse of
   * {@link #addWorkingDays}: {@code workingDaysBetween(a, addWorkingDays(a, n)) == n}.
   */
  public int workingDaysBetween(LocalDate a, LocalDate b) {
    if (b.isBefore(a)) {
      return -workingDaysBetween(b, a);
    }
    int count = 0;
    for (LocalDate d = a.plusDays(1); !d.isAfter(b); d = d.plusDays(1)) {
      if (isWorkingDay(d)) {
        count++;
      }
    }
    return count;
  }

  /** {@code date} if it is a working day, otherwise the next working day. */
  public LocalDate workingDayOnOrAfter(LocalDate date) {
    LocalDate d = date;
    while (!isWorkingDay(d)) {
      d = d.plusDays(1);
    }
    return d;
  }

  /**
   * The end of the first working day on or after {@code date}: 24:00 in {@link #ZONE}, i.e. the
   * first instant of the following calendar day. A deadline "by the end of that working day" is
   * met by anything strictly before this instant.
   */
  public Instant endOfWorkingDay(LocalDate date) {
    return endOfDay(workingDayOnOrAfter(date));
  }

  /** 24:00 of {@code date} in {@link #ZONE} (no calendar data needed). */
  public static Instant endOfDay(LocalDate date) {
    return date.plusDays(1).atStartOfDay(ZONE).toInstant();
  }

  /** The calendar date of {@code instant} in {@link #ZONE}. */
  public static LocalDate dateOf(Instant instant) {
    return LocalDate.ofInstant(instant, ZONE);
  }

  @Override
  public String toString() {
    return "WorkingCalendar" + years.keySet();
  }
}
