package io.gridwatch.geo.importing;

import io.gridwatch.geo.model.GridCell;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The outcome of planning one import: the cells to store and everything found on the way.
 *
 * <p>Nothing here has been stored; the caller stores {@link #accepted()} as a new generation and
 * answers with {@link #report()}. Lists are complete; the report caps them. Immutable.
 *
 * @param level the level imported
 * @param accepted valid cells to store, in file order
 * @param repaired cells whose geometry was changed, in file order
 * @param rejected features set aside, in file order
 * @param overlaps overlapping sibling pairs, largest first
 * @param gaps parts of parents not covered by their children (level 1: holes in the union of all
 *     level-1 cells), largest first
 * @param outsideParent parts of new cells lying outside their parent, largest first
 */
public record ImportPlan(
    int level,
    List<GridCell> accepted,
    List<Repair> repaired,
    List<Rejection> rejected,
    List<Overlap> overlaps,
    List<Gap> gaps,
    List<Outside> outsideParent) {

  /** How many entries of each list {@link #report()} shows. */
  public static final int MAX_REPORT_ENTRIES = 1_000;

  public ImportPlan {
    accepted = List.copyOf(accepted);
    repaired = List.copyOf(repaired);
    rejected = List.copyOf(rejected);
    overlaps = List.copyOf(overlaps);
    gaps = List.copyOf(gaps);
    outsideParent = List.copyOf(outsideParent);
  }

  /** A point, longitude first. */
  public record LonLat(double lon, double lat) {
    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("lon", round(lon, 7));
      m.put("lat", round(lat, 7));
      return m;
    }
  }

  /**
   * A geometry that was changed to make it valid.
   *
   * @param problem what was wrong, e.g. {@code "Self-intersection at (104.0801000, 30.6612000)"},
   *     or {@code "Repeated points"} when only duplicate vertices were dropped
   * @param location where the problem is, or {@code null}
   */
  public record Repair(
      String code,
      String name,
      String problem,
      LonLat location,
      int repeatedPointsRemoved,
      double areaBeforeSquareMetres,
      double areaAfterSquareMetres) {}

  /** A feature not imported, with the reason; {@code feature} is its index in the file. */
  public record Rejection(int feature, String code, String name, String reason) {}

  /** Two siblings overlapping by more than the threshold; codes in ascending order. */
  public record Overlap(List<String> codes, double areaSquareMetres, LonLat location) {
    public Overlap {
      codes = List.copyOf(codes);
    }
  }

  /** Area of a parent no child covers; {@code parentCode} is null for level 1. */
  public record Gap(String parentCode, double areaSquareMetres, LonLat location) {}

  /** The part of a cell outside its parent. */
  public record Outside(String code, String parentCode, double areaSquareMetres, LonLat location) {}

  /** The report with the default cap, see {@link #report(int)}. */
  public Map<String, Object> report() {
    return report(MAX_REPORT_ENTRIES);
  }

  /**
   * The report the import endpoint answers with, as JSON-ready maps, lists, strings and numbers:
   *
   * <pre>{@code
   * {"level": 1, "imported": 20,
   *  "repaired": [{"code", "name", "problem", "location": {"lon", "lat"}, "repeatedPointsRemoved",
   *                "areaBeforeSquareMetres", "areaAfterSquareMetres"}], "repairedTotal": n,
   *  "rejected": [{"feature", "code", "name", "reason"}], "rejectedTotal": n,
   *  "overlaps": [{"codes": [a, b], "areaSquareMetres", "location"}], "overlapsTotal": n,
   *  "gaps": [{"parentCode", "areaSquareMetres", "location"}], "gapsTotal": n,
   *  "outsideParent": [{"code", "parentCode", "areaSquareMetres", "location"}],
   *  "outsideParentTotal": n}
   * }</pre>
   *
   * Each list holds at most {@code maxEntries} entries (the largest areas first for overlaps, gaps
   * and outside parts); the {@code ...Total} next to it counts them all. Areas are in square
   * metres, rounded to 0.1.
   */
  public Map<String, Object> report(int maxEntries) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("level", level);
    m.put("imported", accepted.size());
    put(m, "repaired", repaired, maxEntries, r -> {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("code", r.code());
      e.put("name", r.name());
      e.put("problem", r.problem());
      if (r.location() != null) {
        e.put("location", r.location().toMap());
      }
      e.put("repeatedPointsRemoved", r.repeatedPointsRemoved());
      e.put("areaBeforeSquareMetres", round(r.areaBeforeSquareMetres(), 1));
      e.put("areaAfterSquareMetres", round(r.areaAfterSquareMetres(), 1));
      return e;
    });
    put(m, "rejected", rejected, maxEntries, r -> {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("feature", r.feature());
      e.put("code", r.code());
      e.put("name", r.name());
      e.put("reason", r.reason());
      return e;
    });
    put(m, "overlaps", overlaps, maxEntries, o -> {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("codes", new ArrayList<>(o.codes()));
      e.put("areaSquareMetres", round(o.areaSquareMetres(), 1));
      e.put("location", o.location() == null ? null : o.location().toMap());
      return e;
    });
    put(m, "gaps", gaps, maxEntries, g -> {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("parentCode", g.parentCode());
      e.put("areaSquareMetres", round(g.areaSquareMetres(), 1));
      e.put("location", g.location() == null ? null : g.location().toMap());
      return e;
    });
    put(m, "outsideParent", outsideParent, maxEntries, o -> {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("code", o.code());
      e.put("parentCode", o.parentCode());
      e.put("areaSquareMetres", round(o.areaSquareMetres(), 1));
      e.put("location", o.location() == null ? null : o.location().toMap());
      return e;
    });
    return m;
  }

  private static <T> void put(
      Map<String, Object> m,
      String key,
      List<T> items,
      int max,
      Function<T, Map<String, Object>> toMap) {
    List<Object> out = new ArrayList<>(Math.min(items.size(), max));
    for (int i = 0; i < items.size() && i < max; i++) {
      out.add(toMap.apply(items.get(i)));
    }
    m.put(key, out);
    m.put(key + "Total", items.size());
  }

  static double round(double v, int decimals) {
    double f = Math.pow(10, decimals);
    return Math.round(v * f) / f;
  }
}
