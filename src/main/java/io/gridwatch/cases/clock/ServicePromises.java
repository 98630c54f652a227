package io.gridwatch.cases.clock;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The table of {@link ServicePromise}s, one per {@link CaseCategory} × {@link Urgency}, loaded
 * from JSON (bundled: {@code calendar/service-promises.json}).
 *
 * <p>Format:
 * <pre>{@code
 * { "note": "...",
 *   "rules": [
 *     { "category": "*", "urgency": "*", "registerSameDay": false, "closeWithinDays": 30 },
 *     { "category": "WAGE_ARREARS", "urgency": "URGENT", "onSiteWithin": "PT1H",
 *       "registerSameDay": true, "closeWithinDays": 7 }, ... ] }
 * }</pre>
 * {@code "workdayEndsAt"} (optional, {@code "HH:mm"} Beijing time, default
 * {@value #DEFAULT_WORKDAY_ENDS_AT}) is when the office's working day ends: a complaint received
 * after it, or on a rest day, counts for 当天立案 from the next working day
 * ({@link DeadlineKind#SERVICE_REGISTER}). {@code "*"} matches any category or urgency. For each combination the most specific rule wins:
 * exact category and urgency, then the category with {@code "*"} urgency, then {@code "*"}
 * category with the urgency, then {@code "*"/"*"}, which must exist. {@code onSiteWithin} is an
 * ISO-8601 duration; omitted or null {@code onSiteWithin}/{@code closeWithinDays} mean no such
 * clock. Two rules with the same pattern are refused.
 *
 * <p>Immutable after load and thread-safe.
 */
public final class ServicePromises {
  /** Classpath name of the bundled table. */
  public static final String RESOURCE = "calendar/service-promises.json";

  private static final String ANY = "*";
  /** When the office's working day ends unless the table says otherwise. */
  public static final String DEFAULT_WORKDAY_ENDS_AT = "17:30";

  private static final Set<String> TOP_KEYS = Set.of("note", "rules", "workdayEndsAt");
  private static final Set<String> RULE_KEYS = Set.of(
      "category", "urgency", "onSiteWithin", "registerSameDay", "closeWithinDays", "why");

  private final Map<CaseCategory, Map<Urgency, ServicePromise>> table;
  private final LocalTime workdayEndsAt;

  private ServicePromises(Map<CaseCategory, Map<Urgency, ServicePromise>> table, LocalTime workdayEndsAt) {
    this.table = table;
    this.workdayEndsAt = workdayEndsAt;
  }

  /**
   * When the office's working day ends (Beijing time): a complaint received at or after it counts
   * for 当天立案 from the next working day.
   */
  public LocalTime workdayEndsAt() {
    return workdayEndsAt;
  }

  /** The bundled table. */
  public static ServicePromises loadBundled() {
    try (InputStream in = ServicePromises.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new CalendarDataException(RESOURCE + " is not on the class path");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + RESOURCE, e);
    }
  }

  /** A table from a file, e.g. an operator's replacement. */
  public static ServicePromises load(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  /**
   * Parses a table.
   *
   * @throws CalendarDataException if malformed, ambiguous or without a {@code "*"/"*"} rule
   */
  @SuppressWarnings("unchecked")
  public static ServicePromises parse(String json, String sourceName) {
    Object root = Json.parse(json, sourceName);
    if (!(root instanceof Map)) {
      throw new CalendarDataException(sourceName + ": expected a JSON object");
    }
    Map<String, Object> obj = (Map<String, Object>) root;
    CalendarYear.checkKeys(obj, TOP_KEYS, sourceName);
    if (!(obj.get("rules") instanceof List<?> rules)) {
      throw new CalendarDataException(sourceName + ": \"rules\" must be an array");
    }
    Map<String, Map<String, Object>> byPattern = new HashMap<>();
    for (Object r : rules) {
      if (!(r instanceof Map)) {
        throw new CalendarDataException(sourceName + ": each rule must be an object");
      }
      Map<String, Object> rule = (Map<String, Object>) r;
      CalendarYear.checkKeys(rule, RULE_KEYS, sourceName + " rule");
      String cat = pattern(rule.get("category"), CaseCategory.class, sourceName);
      String urg = pattern(rule.get("urgency"), Urgency.class, sourceName);
      if (byPattern.put(cat + "/" + urg, rule) != null) {
        throw new CalendarDataException(sourceName + ": two rules for " + cat + "/" + urg);
      }
    }
    if (!byPattern.containsKey(ANY + "/" + ANY)) {
      throw new CalendarDataException(sourceName + ": a default rule {\"category\": \"*\", "
          + "\"urgency\": \"*\"} is required");
    }
    Map<CaseCategory, Map<Urgency, ServicePromise>> table = new EnumMap<>(CaseCategory.class);
    for (CaseCategory c : CaseCategory.values()) {
      Map<Urgency, ServicePromise> row = new EnumMap<>(Urgency.class);
      for (Urgency u : Urgency.values()) {
        Map<String, Object> rule = null;
        for (String key : List.of(c + "/" + u, c + "/" + ANY, ANY + "/" + u, ANY + "/" + ANY)) {
          rule = byPattern.get(key);
          if (rule != null) {
            break;
          }
        }
        row.put(u, toPromise(c, u, rule, sourceName));
      }
      table.put(c, row);
    }
    Object ends = obj.getOrDefault("workdayEndsAt", DEFAULT_WORKDAY_ENDS_AT);
    LocalTime workdayEndsAt;
    try {
      workdayEndsAt = LocalTime.parse((String) ends);
    } catch (ClassCastException | DateTimeParseException e) {
      throw new CalendarDataException(sourceName + ": workdayEndsAt must be a time of day \"HH:mm\", was " + ends);
    }
    return new ServicePromises(table, workdayEndsAt);
  }

  private static <E extends Enum<E>> String pattern(Object v, Class<E> type, String src) {
    if (!(v instanceof String s)) {
      throw new CalendarDataException(src + ": rule " + type.getSimpleName().toLowerCase()
          + " must be a string (a name or \"*\")");
    }
    if (s.equals(ANY)) {
      return s;
    }
    try {
      return Enum.valueOf(type, s).name();
    } catch (IllegalArgumentException e) {
      throw new CalendarDataException(src + ": unknown " + type.getSimpleName() + " \"" + s + "\"");
    }
  }

  private static ServicePromise toPromise(CaseCategory c, Urgency u, Map<String, Object> rule,
      String src) {
    String where = src + " rule " + rule.get("category") + "/" + rule.get("urgency");
    Duration onSite = null;
    Object os = rule.get("onSiteWithin");
    if (os != null) {
      if (!(os instanceof String s)) {
        throw new CalendarDataException(where + ": onSiteWithin must be an ISO-8601 duration");
      }
      try {
        onSite = Duration.parse(s);
      } catch (DateTimeParseException e) {
        throw new CalendarDataException(where + ": onSiteWithin \"" + s + "\" is not a duration");
      }
    }
    Object rsd = rule.getOrDefault("registerSameDay", Boolean.FALSE);
    if (!(rsd instanceof Boolean)) {
      throw new CalendarDataException(where + ": registerSameDay must be true or false");
    }
    Integer close = null;
    Object cd = rule.get("closeWithinDays");
    if (cd != null) {
      try {
        close = ((BigDecimal) cd).intValueExact();
      } catch (ClassCastException | ArithmeticException e) {
        throw new CalendarDataException(where + ": closeWithinDays must be a whole number");
      }
    }
    try {
      return new ServicePromise(c, u, onSite, (Boolean) rsd, close);
    } catch (IllegalArgumentException e) {
      throw new CalendarDataException(where + ": " + e.getMessage());
    }
  }

  /** The promise for a category and urgency (never null: the default rule covers the rest). */
  public ServicePromise forCase(CaseCategory category, Urgency urgency) {
    return table.get(Objects.requireNonNull(category, "category"))
        .get(Objects.requireNonNull(urgency, "urgency"));
  }

  /** Every resolved promise, category by category. */
  public List<ServicePromise> all() {
    List<ServicePromise> out = new ArrayList<>();
    table.values().forEach(row -> out.addAll(row.values()));
    return List.copyOf(out);
  }
}
