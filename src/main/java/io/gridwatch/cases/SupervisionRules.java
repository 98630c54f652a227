package io.gridwatch.cases;

import io.gridwatch.auth.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Who may place and lift supervision by hand (督办 / 挂牌督办), docs/supervision.md. Plain Java:
 * the caller's role and home grid code (null: city-wide), the case's cell, the level.
 *
 * <ul>
 *   <li>A LEADER may place either level on any case in scope, and lift any supervision, an
 *       automatic one too (with a note).
 *   <li>A SUPERVISOR may supervise only from above: their grid code must be a proper ancestor of
 *       the case's cell (city-wide counts as the ancestor of every cell); the case's own cell's
 *       supervisor cannot supervise it. 督办 (SUPERVISED): any such supervisor. 挂牌督办
 *       (LISTED): only a level-1 (district, 6 digits) or city-wide supervisor — "二级网格处理、
 *       一级网格管理、监察大队跟踪" (shared/DOMAIN.md): the serious level is managed by the level-1
 *       grid and tracked by the brigade and leadership.
 *   <li>Lifting a manual supervision takes the right to place its level; lifting an automatic one
 *       (raised by a missed deadline) takes a LEADER. Replacing the current supervision by a
 *       lower level is lifting it: the same rights.
 *   <li>Nobody else (operators, inspectors, assistants, administrators).
 * </ul>
 */
public final class SupervisionRules {
  /** The levels, lowest first. */
  public static final List<String> LEVELS = List.of("SUPERVISED", "LISTED");
  /** A placement's due time may lie at most this many days ahead. */
  public static final int MAX_DUE_DAYS = 90;
  public static final int UNIT_MAX = 100;
  public static final int NOTE_MAX = 500;
  private static final Set<Role> WHO = Set.of(Role.LEADER, Role.SUPERVISOR);

  private SupervisionRules() {}

  /** Whether {@code role} with home grid {@code gridCode} may place {@code level} on a case in {@code cellCode}. */
  public static boolean mayPlace(Role role, String gridCode, String cellCode, String level) {
    if (role == Role.LEADER) {
      return true; // the case is in scope: the endpoint answered 404 otherwise
    }
    if (role != Role.SUPERVISOR || cellCode == null || !above(gridCode, cellCode)) {
      return false;
    }
    return "SUPERVISED".equals(level) || gridCode == null || gridCode.length() == 6;
  }

  /** Whether the caller may lift (or lower) the current supervision of {@code level} from {@code source}. */
  public static boolean mayLift(Role role, String gridCode, String cellCode, String level, String source) {
    if (role == Role.LEADER) {
      return true;
    }
    return !"AUTOMATIC".equals(source) && mayPlace(role, gridCode, cellCode, level);
  }

  /**
   * What the caller may do on the case now, for the wall's buttons: {@code supervise} (place
   * SUPERVISED), {@code list} (place LISTED), {@code lift}. Nothing on a case that is not open
   * (but {@code lift} while a supervision is current).
   */
  public static List<String> actions(Role role, String gridCode, String cellCode, boolean open, String level,
      String source) {
    List<String> out = new ArrayList<>();
    if (!WHO.contains(role)) {
      return out;
    }
    boolean lowering = level != null;
    if (open) {
      // Placing SUPERVISED over a current LISTED lowers it: the right to lift that one is needed.
      if (mayPlace(role, gridCode, cellCode, "SUPERVISED") && (!"LISTED".equals(level)
          || mayLift(role, gridCode, cellCode, level, source))) {
        out.add("supervise");
      }
      if (mayPlace(role, gridCode, cellCode, "LISTED")) {
        out.add("list");
      }
    }
    if (lowering && mayLift(role, gridCode, cellCode, level, source)) {
      out.add("lift");
    }
    return out;
  }

  /** Whether {@code gridCode} (null: city-wide) is a proper ancestor of {@code cellCode}. */
  static boolean above(String gridCode, String cellCode) {
    return gridCode == null || (cellCode.startsWith(gridCode) && cellCode.length() > gridCode.length());
  }

  /** Whether {@code next} is lower than {@code current} (null: none). */
  static boolean lowers(String current, String next) {
    return current != null && LEVELS.indexOf(next) < LEVELS.indexOf(current);
  }
}
