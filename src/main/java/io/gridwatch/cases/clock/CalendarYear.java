package io.gridwatch.cases.clock;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One year's public holidays and make-up working days (调休上班), as published by the State
 * Council, read from a {@code cn-YYYY.json} resource.
 *
 * <p>File format (all keys other than those listed are refused, to catch typos):
 * <pre>{@code
 * {
 *   "region": "CN",                      // optional, informative
 *   "year": 2026,                        // required: the year this file answers for
 *   "source": "国办发明电〔2025〕7号",      // optional: the notice transcribed
 *   "verified": false,                   // optional, default false: checked against the notice?
 *   "note": "...",                       // optional free text
 *   "holidays": [ { "name": "春节", "from": "2026-02-15", "to": "2026-02-23" }, ... ],
 *   "makeUpWorkdays": [ { "date": "2026-02-14", "for": "春节" }, ... ]
 * }
 * }</pre>
 * {@code to} may be omitted for a one-day holiday. Dates may spill into the neighbouring year
 * (e.g. a New Year holiday starting on 30 December); the file still only makes its own
 * {@code year} "known". A make-up working day must fall on a Saturday or Sunday (otherwise it
 * would mean nothing) and no date may be both a holiday and a make-up day.
 *
 * <p>Immutable and thread-safe.
 *
 * @param year the year this data answers for
 * @param source the notice it was transcribed from, or an empty string
 * @param verified whether someone has checked it against the published notice
 * @param holidays holiday dates (a weekend inside a holiday block included) with the holiday name
 * @param makeUpWorkdays weekend dates that are working days, with the holiday they make up for
 */
public record CalendarYear(
    int year,
    String source,
    boolean verified,
    Map<LocalDate, String> holidays,
    Map<LocalDate, String> makeUpWorkdays) {

  private static final Set<String> TOP_KEYS =
      Set.of("region", "year", "source", "verified", "note", "holidays", "makeUpWorkdays");

  public CalendarYear {
    holidays = Collections.unmodifiableMap(new TreeMap<>(holidays));
    makeUpWorkdays = Collections.unmodifiableMap(new TreeMap<>(makeUpWorkdays));
    source = source == null ? "" : source;
    for (LocalDate d : makeUpWorkdays.keySet()) {
      if (holidays.containsKey(d)) {
        throw new CalendarDataException(year + ": " + d + " is both a holiday and a make-up day");
      }
    }
  }

  /**
   * Parses one {@code cn-YYYY.json} document.
   *
   * @param json the file content
   * @param sourceName file or resource name, for error messages
   * @throws CalendarDataException if the content is malformed or inconsistent
   */
  public static CalendarYear parse(String json, String sourceName) {
    Object root = Json.parse(json, sourceName);
    Map<String, Object> obj = object(root, sourceName);
    checkKeys(obj, TOP_KEYS, sourceName);
    Object y = obj.get("year");
    if (!(y instanceof BigDecimal yb)) {
      throw new CalendarDataException(sourceName + ": \"year\" must be a number");
    }
    int year;
    try {
      year = yb.intValueExact();
    } catch (ArithmeticException ex) {
      throw new CalendarDataException(sourceName + ": \"year\" must be an integer");
    }
    String where = sourceName + " (" + year + ")";
    Object verified = obj.getOrDefault("verified", Boolean.FALSE);
    if (!(verified instanceof Boolean)) {
      throw new CalendarDataException(where + ": \"verified\" must be true or false");
    }
    Map<LocalDate, String> holidays = new TreeMap<>();
    for (Object h : list(obj.get("holidays"), where + " holidays")) {
      Map<String, Object> ho = object(h, where);
      checkKeys(ho, Set.of("name", "from", "to"), where + " holiday");
      String name = text(ho.get("name"), where + " holiday name");
      LocalDate from = date(ho.get("from"), where + " holiday " + name);
      LocalDate to = ho.get("to") == null ? from : date(ho.get("to"), where + " holiday " + name);
      if (to.isBefore(from) || from.plusDays(31).isBefore(to)) {
        throw new CalendarDataException(where + ": holiday " + name + " has a bad range " + from
            + ".." + to);
      }
      for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
        checkNear(d, year, where);
        if (holidays.putIfAbsent(d, name) != null) {
          throw new CalendarDataException(where + ": " + d + " is listed in two holidays");
        }
      }
    }
    Map<LocalDate, String> makeUp = new TreeMap<>();
    for (Object m : list(obj.get("makeUpWorkdays"), where + " makeUpWorkdays")) {
      Map<String, Object> mo = object(m, where);
      checkKeys(mo, Set.of("date", "for"), where + " make-up day");
      LocalDate d = date(mo.get("date"), where + " make-up day");
      String forName = mo.get("for") == null ? "" : text(mo.get("for"), where + " make-up for");
      checkNear(d, year, where);
      DayOfWeek dow = d.getDayOfWeek();
      if (dow != DayOfWeek.SATURDAY && dow != DayOfWeek.SUNDAY) {
        throw new CalendarDataException(where + ": make-up day " + d + " is a " + dow
            + ", already a working day");
      }
      if (makeUp.putIfAbsent(d, forName) != null) {
        throw new CalendarDataException(where + ": make-up day " + d + " listed twice");
      }
    }
    Object src = obj.get("source");
    return new CalendarYear(year, src == null ? "" : text(src, where + " source"),
        (Boolean) verified, holidays, makeUp);
  }

  private static void checkNear(LocalDate d, int year, String where) {
    // Own year, or the last/first days of the neighbours (New Year blocks can start 30 Dec).
    boolean ok = d.getYear() == year
        || (d.getYear() == year - 1 && d.getMonthValue() == 12 && d.getDayOfMonth() >= 20)
        || (d.getYear() == year + 1 && d.getMonthValue() == 1 && d.getDayOfMonth() <= 10);
    if (!ok) {
      throw new CalendarDataException(where + ": date " + d + " does not belong to " + year);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object o, String where) {
    if (!(o instanceof Map)) {
      throw new CalendarDataException(where + ": expected a JSON object");
    }
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object o, String where) {
    if (o == null) {
      return List.of();
    }
    if (!(o instanceof List)) {
      throw new CalendarDataException(where + ": expected a JSON array");
    }
    return (List<Object>) o;
  }

  private static String text(Object o, String where) {
    if (!(o instanceof String s) || s.isBlank()) {
      throw new CalendarDataException(where + ": expected a non-empty string");
    }
    return s;
  }

  private static LocalDate date(Object o, String where) {
    String s = text(o, where);
    try {
      return LocalDate.parse(s);
    } catch (DateTimeException ex) {
      throw new CalendarDataException(where + ": \"" + s + "\" is not a date (yyyy-MM-dd)");
    }
  }

  static void checkKeys(Map<String, Object> obj, Set<String> allowed, String where) {
    for (String k : obj.keySet()) {
      if (!allowed.contains(k)) {
        throw new CalendarDataException(where + ": unknown field \"" + k + "\" (allowed: "
            + new java.util.TreeSet<>(allowed) + ")");
      }
    }
  }
}
