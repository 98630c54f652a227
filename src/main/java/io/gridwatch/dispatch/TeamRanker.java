package io.gridwatch.dispatch;

import io.gridwatch.auth.Role;
import io.gridwatch.geo.model.GeoMath;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Recommends teams for a case from the staff on the roster (issue 11, item 2): a pure function of
 * the case, the staff and "now", with no I/O and no clock of its own. Stateless and thread-safe.
 *
 * <h2>Who may be proposed</h2>
 * <ul>
 *   <li>Only staff of the case's grid chain: the case's own cell, the cell above it and the cell
 *       above that ({@link GridChain}). A sibling cell's staff are outside the chain.</li>
 *   <li>Never OFF_DUTY staff.</li>
 *   <li>For enforcement work, only inspectors: an investigation needs at least two inspectors on
 *       site (劳动保障监察条例 art. 16) and assistants never count toward them. Fewer eligible
 *       inspectors than the team size: no team, and a {@link Reason.Code#NOT_ENOUGH_INSPECTORS}
 *       note the caller can show.</li>
 * </ul>
 *
 * <h2>How individuals are ranked</h2>
 * Each candidate gets a score, the sum of these parts (points; exact to 0.1):
 * <pre>
 *   grid level     3000 own cell (属地), 2000 one level up, 1000 two levels up (兜底)
 *   readiness       500 AVAILABLE or EN_ROUTE, 0 ON_SITE or BUSY
 *   position        250 when the distance is known (fresh position and a case location)
 *   proximity     0-100 100 × 1000 / (1000 + metres): 100 at the door, 50 at 1 km, 9 at 10 km
 *   workload       0-60 60 / (1 + open assignments)
 *   idle           0-40 40 × min(time since last assignment, 8 h) / 8 h; 40 when never assigned
 * </pre>
 * Every tier outweighs everything after it (the most the later parts can add is 950 &lt; 1000,
 * 450 &lt; 500, 100 &lt; 250), so the order is: level first, then ready before occupied, then a
 * fresh position before a stale or unknown one, and within that proximity, workload and idle time
 * weighed together (100 : 60 : 40). Equal scores are ordered by user id, ascending.
 *
 * <h2>How teams are formed</h2>
 * A team is {@code teamSize} distinct candidates (2 by default); its score is the mean of its
 * members' scores, and teams are ordered by score, then by their members' ranks. Only the best
 * {@code maxTeams + teamSize - 1} individuals can be on one of the best {@code maxTeams} teams
 * (each team whose worst member ranks lower is beaten by as many teams made of better-ranked
 * people), so teams are chosen from those alone: the work is linear in the staff given and does
 * not grow with the square of it.
 *
 * <p>Every team carries its reasons: its score with each member's, then for each member the grid
 * level, status, distance (or why there is none), open workload and idle time, each with the
 * points it gave. The recommendation's notes say who was left out and why.
 */
public final class TeamRanker {

  private static final int LEVEL_STEP_TENTHS = 10_000;
  private static final int READY_TENTHS = 5_000;
  private static final int POSITION_TENTHS = 2_500;
  private static final double PROXIMITY_MAX_TENTHS = 1_000;
  private static final double PROXIMITY_HALF_METRES = 1_000;
  private static final double WORKLOAD_MAX_TENTHS = 600;
  private static final double IDLE_MAX_TENTHS = 400;
  private static final long IDLE_FULL_SECONDS = Duration.ofHours(8).toSeconds();
  private static final int NAMES_IN_NOTES = 3;

  /** Best first: higher score, then lower user id. */
  static final Comparator<Candidate> BEST_FIRST = (a, b) -> {
    int byScore = Integer.compare(b.scoreTenths(), a.scoreTenths());
    return byScore != 0 ? byScore : Long.compare(a.userId(), b.userId());
  };

  private TeamRanker() {}

  /**
   * How many teams to propose and how big they are. Immutable.
   *
   * @param maxTeams the most teams to return, 1..{@link #MAX_TEAMS_LIMIT}
   * @param teamSize members per team, 1..{@link #TEAM_SIZE_LIMIT}; at least 2 for enforcement work
   */
  public record Options(int maxTeams, int teamSize) {
    /** The most teams one call may ask for. */
    public static final int MAX_TEAMS_LIMIT = 20;
    /** The largest team one call may ask for. */
    public static final int TEAM_SIZE_LIMIT = 4;
    /** Five teams of two. */
    public static final Options DEFAULT = new Options(5, 2);

    public Options {
      if (maxTeams < 1 || maxTeams > MAX_TEAMS_LIMIT) {
        throw new IllegalArgumentException("maxTeams " + maxTeams + " outside 1.." + MAX_TEAMS_LIMIT);
      }
      if (teamSize < 1 || teamSize > TEAM_SIZE_LIMIT) {
        throw new IllegalArgumentException("teamSize " + teamSize + " outside 1.." + TEAM_SIZE_LIMIT);
      }
    }

    /** {@code maxTeams} teams of two. */
    public static Options top(int maxTeams) {
      return new Options(maxTeams, 2);
    }
  }

  /** {@link #rank(DispatchCase, Collection, Instant, Options)} with {@link Options#DEFAULT}. */
  public static Recommendation rank(DispatchCase dispatchCase, Collection<Staff> staff, Instant now) {
    return rank(dispatchCase, staff, now, Options.DEFAULT);
  }

  /**
   * Ranks the teams that could take {@code dispatchCase}.
   *
   * @param dispatchCase the case
   * @param staff the roster to choose from; may hold the whole city (staff outside the case's chain
   *     are counted and left out); user ids must be distinct (checked among the best-ranked
   *     people the teams are made of, the only place where a duplicate could do harm)
   * @param now the time idle times and position ages are measured against
   * @param options how many teams, of what size
   * @return the teams, best first, with reasons, and notes on who was left out
   * @throws IllegalArgumentException when a user id appears twice among the best-ranked, or enforcement work asks for
   *     teams of fewer than two
   */
  public static Recommendation rank(DispatchCase dispatchCase, Collection<Staff> staff, Instant now,
      Options options) {
    Objects.requireNonNull(dispatchCase, "dispatchCase");
    Objects.requireNonNull(staff, "staff");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(options, "options");
    if (dispatchCase.enforcement() && options.teamSize() < 2) {
      throw new IllegalArgumentException("enforcement work needs teams of at least 2 inspectors"
          + " (劳动保障监察条例 art. 16), not " + options.teamSize());
    }
    GridChain chain = GridChain.of(dispatchCase.cellCode());
    int poolCapacity = options.maxTeams() + options.teamSize() - 1;
    Candidate[] pool = new Candidate[poolCapacity];
    int pooled = 0;
    int eligible = 0;
    int outsideChain = 0;
    List<Staff> offDuty = new ArrayList<>();
    List<Staff> assistantsOnDuty = new ArrayList<>();

    for (Staff s : staff) {
      int level = chain.levelIn(s.gridCode());
      if (level == 0) {
        outsideChain++;
        continue;
      }
      if (dispatchCase.enforcement() && s.role() != Role.INSPECTOR) {
        if (s.status().onDuty()) {
          assistantsOnDuty.add(s);
        }
        continue;
      }
      if (!s.status().onDuty()) {
        offDuty.add(s);
        continue;
      }
      eligible++;
      // Most of a big roster cannot enter the pool: first a bound without the distance (no
      // trigonometry), then the exact score without allocating.
      if (pooled == poolCapacity
          && (!better(upperBoundTenths(dispatchCase, chain, s, level, now), s.userId(), pool[pooled - 1])
              || !better(scoreTenths(dispatchCase, chain, s, level, now), s.userId(), pool[pooled - 1]))) {
        continue;
      }
      Candidate c = score(dispatchCase, chain, s, level, now);
      if (pooled < poolCapacity) {
        pooled = insert(pool, pooled, c);
      } else {
        insert(pool, pooled - 1, c);
      }
    }

    List<Candidate> candidates = List.of(Arrays.copyOf(pool, pooled));
    List<Team> teams = eligible >= options.teamSize()
        ? bestTeams(candidates, options, dispatchCase, now)
        : List.of();
    List<Reason> notes = notes(dispatchCase, chain, options, eligible, outsideChain, offDuty,
        assistantsOnDuty);
    return new Recommendation(teams, notes, candidates, eligible);
  }

  /**
   * Inserts {@code c} into the sorted prefix {@code pool[0..count)}; returns the new count.
   * Refuses a user already in the pool: teams are made from the pool only, so this is where a
   * person given twice could end up on a team twice (a copy outside the pool is never proposed).
   */
  private static int insert(Candidate[] pool, int count, Candidate c) {
    for (int j = 0; j < count; j++) {
      if (pool[j].userId() == c.userId()) {
        throw new IllegalArgumentException("user " + c.userId() + " is on the roster twice");
      }
    }
    int i = count;
    while (i > 0 && BEST_FIRST.compare(c, pool[i - 1]) < 0) {
      pool[i] = pool[i - 1];
      i--;
    }
    pool[i] = c;
    return count + 1;
  }

  /** Whether a candidate with this score and user id ranks before {@code than}. */
  private static boolean better(int scoreTenths, long userId, Candidate than) {
    return scoreTenths != than.scoreTenths() ? scoreTenths > than.scoreTenths()
        : userId < than.userId();
  }

  /** {@link #score}'s total, without allocating. */
  static int scoreTenths(DispatchCase dispatchCase, GridChain chain, Staff s, int level, Instant now) {
    double distance = distanceMeters(dispatchCase, s);
    long idleSeconds = idleSeconds(s, now);
    return levelTenths(chain, level) + readinessTenths(s) + positionTenths(distance)
        + proximityTenths(distance) + workloadTenths(s) + idleTenths(idleSeconds);
  }

  /**
   * At least {@link #scoreTenths}: the score as if a known distance were zero. Skips the
   * haversine for people whose level, readiness, workload and idle time already rank them out.
   */
  private static int upperBoundTenths(DispatchCase dispatchCase, GridChain chain, Staff s,
      int level, Instant now) {
    boolean distancePossible = dispatchCase.location() != null && s.hasFreshPosition();
    return levelTenths(chain, level) + readinessTenths(s)
        + (distancePossible ? POSITION_TENTHS + (int) PROXIMITY_MAX_TENTHS : 0)
        + workloadTenths(s) + idleTenths(idleSeconds(s, now));
  }

  /** Scores one eligible staff member (see the class comment for the parts). */
  static Candidate score(DispatchCase dispatchCase, GridChain chain, Staff s, int level, Instant now) {
    double distance = distanceMeters(dispatchCase, s);
    long idleSeconds = idleSeconds(s, now);
    return new Candidate(s, level, distance, idleSeconds, levelTenths(chain, level),
        readinessTenths(s), positionTenths(distance), proximityTenths(distance), workloadTenths(s),
        idleTenths(idleSeconds));
  }

  private static int levelTenths(GridChain chain, int level) {
    return LEVEL_STEP_TENTHS * (3 - (chain.deepestLevel() - level));
  }

  private static int readinessTenths(Staff s) {
    return s.status().ready() ? READY_TENTHS : 0;
  }

  /** Metres from the member's fresh position to the case, or NaN when either is unknown. */
  private static double distanceMeters(DispatchCase dispatchCase, Staff s) {
    LonLat site = dispatchCase.location();
    if (site == null || !s.hasFreshPosition()) {
      return Double.NaN;
    }
    LonLat p = s.position().point();
    return GeoMath.haversineMetres(p.lon(), p.lat(), site.lon(), site.lat());
  }

  private static int positionTenths(double distance) {
    return Double.isNaN(distance) ? 0 : POSITION_TENTHS;
  }

  private static int proximityTenths(double distance) {
    return Double.isNaN(distance) ? 0 : (int) Math.round(
        PROXIMITY_MAX_TENTHS * PROXIMITY_HALF_METRES / (PROXIMITY_HALF_METRES + distance));
  }

  private static int workloadTenths(Staff s) {
    return (int) Math.round(WORKLOAD_MAX_TENTHS / (1 + s.openAssignments()));
  }

  /** Whole seconds since the last assignment (0 if in the future), -1 when never assigned. */
  private static long idleSeconds(Staff s, Instant now) {
    Instant last = s.lastAssignedAt();
    if (last == null) {
      return -1;
    }
    // Whole seconds, as Duration.between(last, now).toSeconds(), without allocating a Duration.
    long seconds = now.getEpochSecond() - last.getEpochSecond()
        - (now.getNano() < last.getNano() ? 1 : 0);
    return Math.max(0, seconds);
  }

  private static int idleTenths(long idleSeconds) {
    return idleSeconds < 0 ? (int) IDLE_MAX_TENTHS : (int) Math.round(
        IDLE_MAX_TENTHS * Math.min(idleSeconds, IDLE_FULL_SECONDS) / IDLE_FULL_SECONDS);
  }

  /** The best teams of {@code options.teamSize()} from the ranked pool. */
  private static List<Team> bestTeams(List<Candidate> pool, Options options,
      DispatchCase dispatchCase, Instant now) {
    int k = options.teamSize();
    List<int[]> combinations = new ArrayList<>();
    int[] current = new int[k];
    for (int i = 0; i < k; i++) {
      current[i] = i;
    }
    // Lexicographic order of member ranks; the stable sort below keeps it among equal sums.
    while (true) {
      combinations.add(current.clone());
      int i = k - 1;
      while (i >= 0 && current[i] == pool.size() - k + i) {
        i--;
      }
      if (i < 0) {
        break;
      }
      current[i]++;
      for (int j = i + 1; j < k; j++) {
        current[j] = current[j - 1] + 1;
      }
    }
    long[] sums = new long[combinations.size()];
    Integer[] order = new Integer[combinations.size()];
    for (int c = 0; c < combinations.size(); c++) {
      long sum = 0;
      for (int index : combinations.get(c)) {
        sum += pool.get(index).scoreTenths();
      }
      sums[c] = sum;
      order[c] = c;
    }
    Arrays.sort(order, (a, b) -> Long.compare(sums[b], sums[a]));
    List<Team> teams = new ArrayList<>(options.maxTeams());
    for (int t = 0; t < Math.min(options.maxTeams(), order.length); t++) {
      int[] members = combinations.get(order[t]);
      List<Candidate> team = new ArrayList<>(k);
      for (int index : members) {
        team.add(pool.get(index));
      }
      teams.add(team(team, sums[order[t]], dispatchCase, now));
    }
    return teams;
  }

  private static Team team(List<Candidate> members, long sumTenths, DispatchCase dispatchCase,
      Instant now) {
    double score = Math.round(sumTenths * 10.0 / members.size()) / 100.0;
    List<Reason> reasons = new ArrayList<>(1 + 5 * members.size());
    StringBuilder each = new StringBuilder();
    for (Candidate c : members) {
      if (each.length() > 0) {
        each.append("，");
      }
      each.append(c.staff().displayName()).append(' ').append(points(c.scoreTenths()));
    }
    reasons.add(new Reason(Reason.Code.TEAM_SCORE, null,
        "团队得分 " + decimal(score) + "，为成员得分之平均（" + each + "）"));
    for (Candidate c : members) {
      memberReasons(c, dispatchCase, now, reasons);
    }
    return new Team(members, score, reasons);
  }

  private static void memberReasons(Candidate c, DispatchCase dispatchCase, Instant now,
      List<Reason> out) {
    Staff s = c.staff();
    Long id = s.userId();
    String who = s.displayName() + "：";
    String levelName = switch (c.level()) {
      case 1 -> "一级网格 ";
      case 2 -> "二级网格 ";
      default -> "三级网格 ";
    };
    int levelsUp = 3 - c.levelTenths() / LEVEL_STEP_TENTHS;
    Reason.Code levelCode = switch (levelsUp) {
      case 0 -> Reason.Code.GRID_OWN;
      case 1 -> Reason.Code.GRID_PARENT;
      default -> Reason.Code.GRID_GRANDPARENT;
    };
    out.add(new Reason(levelCode, id, who + (levelsUp == 0 ? "属地，" : "兜底，") + levelName
        + s.gridCode() + gained(c.levelTenths())));

    if (s.status().ready()) {
      out.add(new Reason(Reason.Code.STATUS_READY, id,
          who + s.status().label() + gained(c.readinessTenths())));
    } else {
      out.add(new Reason(Reason.Code.STATUS_OCCUPIED, id, who + s.status().label()
          + "，排在空闲、在途人员之后" + gained(c.readinessTenths())));
    }

    if (dispatchCase.location() != null) {
      if (c.distanceKnown()) {
        out.add(new Reason(Reason.Code.DISTANCE, id, who + "距案发地 " + Math.round(c.distanceMeters())
            + " 米，定位精度 ±" + Math.round(s.position().accuracyMeters()) + " 米（+"
            + points(c.positionTenths()) + " +" + points(c.proximityTenths()) + "）"));
      } else if (s.position() != null) {
        long age = Math.max(0, Duration.between(s.position().at(), now).toSeconds());
        out.add(new Reason(Reason.Code.POSITION_STALE, id, who + "位置已过期（最后定位于 "
            + duration(age) + "前），排在有实时位置者之后" + gained(0)));
      } else {
        out.add(new Reason(Reason.Code.POSITION_UNKNOWN, id,
            who + "无位置上报，排在有实时位置者之后" + gained(0)));
      }
    }

    out.add(new Reason(Reason.Code.WORKLOAD, id,
        who + "在办 " + s.openAssignments() + " 件" + gained(c.workloadTenths())));

    if (c.idleSeconds() < 0) {
      out.add(new Reason(Reason.Code.NEVER_ASSIGNED, id,
          who + "尚无派遣记录，按空闲最久计" + gained(c.idleTenths())));
    } else {
      out.add(new Reason(Reason.Code.IDLE, id,
          who + "距上次派遣 " + duration(c.idleSeconds()) + gained(c.idleTenths())));
    }
  }

  private static List<Reason> notes(DispatchCase dispatchCase, GridChain chain, Options options,
      int eligible, int outsideChain, List<Staff> offDuty, List<Staff> assistantsOnDuty) {
    List<Reason> notes = new ArrayList<>();
    if (dispatchCase.location() == null) {
      notes.add(new Reason(Reason.Code.NO_CASE_LOCATION, null, "案件无位置，距离不参与排序"));
    }
    if (eligible < options.teamSize()) {
      if (dispatchCase.enforcement()) {
        notes.add(new Reason(Reason.Code.NOT_ENOUGH_INSPECTORS, null, "执法需至少 "
            + options.teamSize() + " 名监察员（劳动保障监察条例第十六条），本网格链在岗监察员仅 "
            + eligible + " 名，无法组队；协管员不计入"));
      } else {
        notes.add(new Reason(Reason.Code.NOT_ENOUGH_STAFF, null, "需 " + options.teamSize()
            + " 人，本网格链在岗人员仅 " + eligible + " 名，无法组队"));
      }
    }
    if (!assistantsOnDuty.isEmpty()) {
      notes.add(new Reason(Reason.Code.ASSISTANTS_NOT_COUNTED, null,
          "协管员不计入执法人数（劳动保障监察条例第十六条），未推荐在岗协管员 "
              + names(assistantsOnDuty)));
    }
    if (!offDuty.isEmpty()) {
      notes.add(new Reason(Reason.Code.OFF_DUTY_LEFT_OUT, null, "下班未推荐 " + names(offDuty)));
    }
    if (outsideChain > 0) {
      StringBuilder codes = new StringBuilder();
      for (int level = chain.deepestLevel(); level >= 1; level--) {
        codes.append(level == chain.deepestLevel() ? "" : " / ").append(chain.codeAt(level));
      }
      notes.add(new Reason(Reason.Code.OUTSIDE_CHAIN_LEFT_OUT, null,
          "不在本案网格链（" + codes + "）的 " + outsideChain + " 人未推荐"));
    }
    return notes;
  }

  /** "3 人：甲、乙、丙" or "5 人：甲、乙、丙等", by user id. */
  private static String names(List<Staff> people) {
    List<Staff> byId = new ArrayList<>(people);
    byId.sort(Comparator.comparingLong(Staff::userId));
    StringBuilder sb = new StringBuilder().append(byId.size()).append(" 人：");
    for (int i = 0; i < Math.min(NAMES_IN_NOTES, byId.size()); i++) {
      sb.append(i == 0 ? "" : "、").append(byId.get(i).displayName());
    }
    if (byId.size() > NAMES_IN_NOTES) {
      sb.append(" 等");
    }
    return sb.toString();
  }

  /** "（+30）" or "（+47.3）". */
  private static String gained(int tenths) {
    return "（+" + points(tenths) + "）";
  }

  /** Tenths of a point as text: 30000 → "3000", 473 → "47.3". */
  static String points(long tenths) {
    return tenths % 10 == 0 ? Long.toString(tenths / 10) : (tenths / 10) + "." + Math.abs(tenths % 10);
  }

  private static String decimal(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  /** "不到 1 分钟", "25 分钟", "3 小时 5 分钟", "2 天 3 小时". */
  static String duration(long seconds) {
    long minutes = seconds / 60;
    if (minutes < 1) {
      return "不到 1 分钟";
    }
    if (minutes < 60) {
      return minutes + " 分钟";
    }
    long hours = minutes / 60;
    if (hours < 24) {
      long rest = minutes % 60;
      return hours + " 小时" + (rest == 0 ? "" : " " + rest + " 分钟");
    }
    long rest = hours % 24;
    return hours / 24 + " 天" + (rest == 0 ? "" : " " + rest + " 小时");
  }
}
