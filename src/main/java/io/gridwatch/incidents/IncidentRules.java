package io.gridwatch.incidents;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The plain rules of mass incidents, free of Vert.x and SQL: what an incident sums up from its
 * cases (workers, cell, place, employer), and the names the API uses (actions, team roles,
 * departments, task statuses). Stateless and thread-safe.
 */
public final class IncidentRules {
  private IncidentRules() {}

  /** The actions of {@code POST /api/incidents/{id}/actions}. */
  public enum Action {
    ASSIGN_TEAM, ADD_TASK, UPDATE_TASK, REPORT, ARRIVE, CLOSE;

    /** The wire name: {@code assign-team}. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<Action> parse(String wire) {
      if (wire == null) {
        return Optional.empty();
      }
      for (Action a : values()) {
        if (a.wireName().equals(wire.strip().toLowerCase(Locale.ROOT))) {
          return Optional.of(a);
        }
      }
      return Optional.empty();
    }
  }

  /** The "四个一" team's roles (shared/DOMAIN.md). */
  public enum TeamRole {
    /** 乡镇（街道）负责人. */
    TOWNSHIP_LEADER,
    /** 劳动监察员. */
    INSPECTOR,
    /** 村（社区）干部. */
    COMMUNITY_CADRE,
    /** 公安人员. */
    POLICE
  }

  /** Departments other than inspection that take tasks in a response. */
  public enum Department {
    POLICE, HOUSING_CONSTRUCTION, UNION, FINANCE, COURT, HUMAN_RESOURCES, OTHER
  }

  /** Where a department's task stands. */
  public enum TaskStatus {
    OPEN, IN_PROGRESS, DONE
  }

  /** {@code text} as an enum constant of {@code type} (case and blanks ignored), or empty. */
  public static <E extends Enum<E>> Optional<E> parse(Class<E> type, String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Enum.valueOf(type, text.strip().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** One case of an incident as the summary needs it. */
  public record Member(long caseId, String status, String cellCode, Double lon, Double lat, String employerName,
      String creditCode, String projectName, int workers) {}

  /** What an incident sums up from its cases. */
  public record Summary(int workers, String cellCode, Double lon, Double lat, String employerName, String creditCode,
      String projectName) {}

  /**
   * The summary of {@code members} (first filed first): workers of every case not merged away
   * (a merged case counts through the case it was merged into), the {@link #commonCell} of their
   * cells, the place of the first located case, the employer of the first case (with the key's
   * credit code when the incident is one employer's), the first project name given.
   */
  public static Summary summarise(List<Member> members, String keyKind, String keyValue) {
    int workers = 0;
    List<String> cells = new ArrayList<>();
    Double lon = null;
    Double lat = null;
    String project = null;
    for (Member m : members) {
      if (!"MERGED".equals(m.status())) {
        workers += m.workers();
      }
      if (m.cellCode() != null) {
        cells.add(m.cellCode());
      }
      if (lon == null && m.lon() != null && m.lat() != null) {
        lon = m.lon();
        lat = m.lat();
      }
      if (project == null && m.projectName() != null && !m.projectName().isBlank()) {
        project = m.projectName().strip();
      }
    }
    Member first = members.isEmpty() ? null : members.get(0);
    String credit = "EMPLOYER".equals(keyKind) ? keyValue : first == null ? null : first.creditCode();
    String name = first == null ? null : first.employerName();
    if ("EMPLOYER".equals(keyKind)) {
      name = members.stream().filter(m -> keyValue.equals(m.creditCode())).map(Member::employerName).findFirst()
          .orElse(name);
    }
    return new Summary(workers, commonCell(cells), lon, lat, name, credit, project);
  }

  /** The lengths grid codes come in: level 1 to 3, and unit cells below level 3 (6 + 3 + 3 + 2). */
  private static final int[] LEVELS = {14, 12, 9, 6};

  /**
   * The deepest cell holding every one of {@code codes} (codes nest by prefix); when they lie in
   * different districts (no common cell), the district of the first; null without codes.
   */
  public static String commonCell(List<String> codes) {
    if (codes.isEmpty()) {
      return null;
    }
    String first = codes.get(0);
    int common = first.length();
    for (String c : codes) {
      int i = 0;
      while (i < common && i < c.length() && c.charAt(i) == first.charAt(i)) {
        i++;
      }
      common = i;
    }
    for (int len : LEVELS) {
      if (len <= common) {
        return first.substring(0, len);
      }
    }
    return first.substring(0, Math.min(6, first.length()));
  }

  /**
   * The higher of two grades by their rank in {@code gradesHighestFirst}; a grade not in the
   * list (the settings changed) ranks lowest.
   */
  public static String higherGrade(List<String> gradesHighestFirst, String a, String b) {
    if (a == null) {
      return b;
    }
    int ia = gradesHighestFirst.indexOf(a);
    int ib = gradesHighestFirst.indexOf(b);
    if (ia < 0) {
      return b;
    }
    if (ib < 0) {
      return a;
    }
    return ia <= ib ? a : b;
  }
}
