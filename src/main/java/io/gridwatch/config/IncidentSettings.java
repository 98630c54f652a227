package io.gridwatch.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Settings of mass incidents (io.gridwatch.incidents, docs/incidents.md). Immutable.
 *
 * @param threshold the workers (open cases of one employer or project, merged ones included) at
 *     which an incident opens by itself ({@code incidents.threshold}, default 30)
 * @param grades the grades by headcount, highest headcount first ({@code incidents.grades},
 *     e.g. {@code I:100,II:50,III:30}; default {@code I:30})
 * @param onSiteMinutes the on-site clock of an incident (一小时维权服务圈;
 *     {@code incidents.onSiteMinutes}, default 60)
 * @param sweepMillis how often the detector looks at changed cases and the on-site clocks
 *     ({@code incidents.sweepMillis}, default 500)
 */
public record IncidentSettings(int threshold, List<Grade> grades, int onSiteMinutes, long sweepMillis) {

  /** One grade: its name and the least headcount it takes. */
  public record Grade(String name, int minWorkers) {}

  public IncidentSettings {
    List<Grade> sorted = new ArrayList<>(grades);
    sorted.sort(Comparator.comparingInt(Grade::minWorkers).reversed());
    grades = List.copyOf(sorted);
    if (grades.isEmpty()) {
      throw new IllegalArgumentException("at least one grade");
    }
  }

  /** The defaults: 30 workers, grade I at 30, 60 minutes, 500 ms. */
  public static IncidentSettings defaults() {
    return new IncidentSettings(30, List.of(new Grade("I", 30)), 60, 500);
  }

  /**
   * The grade of an incident of {@code workers}: the one with the highest headcount reached; the
   * lowest grade when none is reached (a declared incident below every grade's headcount).
   */
  public String gradeFor(int workers) {
    for (Grade g : grades) {
      if (workers >= g.minWorkers()) {
        return g.name();
      }
    }
    return grades.get(grades.size() - 1).name();
  }

  /** Parses {@code NAME:MIN,NAME:MIN,...}; null with the reason in {@code problems} when bad. */
  static List<Grade> parseGrades(String text, String key, String source, List<String> problems) {
    List<Grade> out = new ArrayList<>();
    for (String part : text.split(",")) {
      String p = part.strip();
      if (p.isEmpty()) {
        continue;
      }
      String[] nv = p.split(":", -1);
      if (nv.length != 2 || !nv[0].strip().matches("[A-Za-z0-9]{1,16}") || !nv[1].strip().matches("[0-9]{1,6}")
          || Integer.parseInt(nv[1].strip()) < 1) {
        problems.add(key + ": '" + p + "' is not a grade: expected NAME:WORKERS, e.g. I:100,II:50,III:30 (from "
            + source + ")");
        return null;
      }
      String name = nv[0].strip();
      if (out.stream().anyMatch(g -> g.name().equals(name))) {
        problems.add(key + ": grade " + name + " is given twice (from " + source + ")");
        return null;
      }
      out.add(new Grade(name, Integer.parseInt(nv[1].strip())));
    }
    if (out.isEmpty()) {
      problems.add(key + " must name at least one grade, e.g. I:30 (from " + source + ")");
      return null;
    }
    return out;
  }
}
