package io.gridwatch.live;

import io.gridwatch.auth.CurrentUser;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The event-bus addresses of live events, and who may listen to which. Stateless.
 * <ul>
 *   <li>{@code gw.cell.<code>}: every event whose cell is that cell or inside it. An event is
 *       published once on its own cell and once on each ancestor (codes nest by prefix: 6, 9, 12
 *       and 14 digits), so a wall on a district hears its streets and communities.
 *   <li>{@code gw.city}: every event, including those of cases not placed in any cell
 *       (outside coverage). Only users whose scope is city-wide may listen: it is the one address
 *       that carries unassigned cases, which scoped users do not see.
 *   <li>{@code gw.user.<userId>}: the events addressed to that user personally (the outbox row's
 *       {@code recipients}); only that user may listen.
 * </ul>
 */
public final class LiveAddresses {
  public static final String CITY = "gw.city";
  public static final String CELL_PREFIX = "gw.cell.";
  public static final String USER_PREFIX = "gw.user.";
  /** A grid code: 6, 9, 12 or 14 digits (the same rule as the case_file check). */
  static final Pattern CODE = Pattern.compile("[0-9]{6}([0-9]{3}){0,2}([0-9]{2})?");
  /** Every address this package publishes on; given to the bridge as its outbound whitelist. */
  static final String ALL_REGEX = "gw\\.(city|cell\\.[0-9]{6,14}|user\\.[1-9][0-9]{0,18})";
  private static final int[] LEVEL_LENGTHS = {6, 9, 12, 14};

  private LiveAddresses() {}

  public static String cell(String code) {
    return CELL_PREFIX + code;
  }

  public static String user(long userId) {
    return USER_PREFIX + userId;
  }

  /**
   * Every address an event goes to: the city, its cell and each ancestor cell (none when the
   * case has no cell), and each recipient. Duplicate recipients are sent once.
   */
  public static List<String> forEvent(String cellCode, Long[] recipients) {
    List<String> out = new ArrayList<>(6);
    out.add(CITY);
    if (cellCode != null && CODE.matcher(cellCode).matches()) {
      for (int len : LEVEL_LENGTHS) {
        if (len <= cellCode.length()) {
          out.add(cell(cellCode.substring(0, len)));
        }
      }
    }
    if (recipients != null) {
      for (Long id : recipients) {
        if (id != null && id > 0 && !out.contains(user(id))) {
          out.add(user(id));
        }
      }
    }
    return out;
  }

  /**
   * Whether {@code user} may listen on {@code address}: a cell inside their scope, the city for
   * city-wide users, their own user address. Anything else, including addresses this package
   * never publishes on, is refused.
   */
  public static boolean mayListen(CurrentUser user, String address) {
    if (address == null) {
      return false;
    }
    if (address.equals(CITY)) {
      return user.scope().isCityWide();
    }
    if (address.startsWith(CELL_PREFIX)) {
      String code = address.substring(CELL_PREFIX.length());
      return CODE.matcher(code).matches() && user.scope().covers(code);
    }
    if (address.startsWith(USER_PREFIX)) {
      return address.equals(user(user.id()));
    }
    return false;
  }
}
