package io.gridwatch.notifications;

import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/**
 * The short zh-CN text of a message, made from the event alone (type, cell, data), at most
 * {@link #MAX} characters: one SMS of Chinese text (70 UCS-2 characters) and short enough for any
 * chat robot. Pure; the cell names come from the caller.
 */
public final class MessageText {
  /** One Chinese SMS. */
  public static final int MAX = 70;

  private MessageText() {}

  /**
   * The text for an event, e.g. {@code 【群体性事件】I级 成都某建筑公司 45人 锦江区 GW-I-0001}.
   *
   * @param cellName the name of a cell code (锦江区), or null when unknown
   */
  public static String of(String type, String cellCode, JsonObject data, Function<String, String> cellName) {
    JsonObject d = data == null ? new JsonObject() : data;
    String place = cellCode == null ? "" : name(cellCode, cellName);
    String text;
    if (EventPatterns.isIncident(type)) {
      String head = switch (type) {
        case "incident.opened" -> "【群体性事件】";
        case "incident.closed" -> "【群体性事件已结束】";
        default -> "【群体性事件更新】";
      };
      text = head + join(grade(d), employer(d), workers(d), place, str(d, "incidentNo"));
    } else if (type.equals("deadline.overdue")) {
      text = "【超期】" + join(str(d, "caseNo"), kind(str(d, "kind")), "已超期", place, workersOf(d));
    } else if (type.equals("deadline.warning")) {
      text = "【临期】" + join(str(d, "caseNo"), kind(str(d, "kind")), "即将到期", place);
    } else if (type.equals("case.supervised")) {
      text = "【督办】" + join(str(d, "caseNo"), "LISTED".equals(str(d, "level")) ? "挂牌督办" : "督办", place,
          str(d, "unit"));
    } else {
      text = "【GridWatch】" + join(type, str(d, "caseNo"), place);
    }
    return clip(text.strip());
  }

  private static String grade(JsonObject d) {
    String g = str(d, "grade");
    if (g == null) {
      return null;
    }
    return g.endsWith("级") ? g : g + "级";
  }

  private static String employer(JsonObject d) {
    Object e = d.getValue("employer");
    if (e instanceof JsonObject o) {
      return o.getString("name");
    }
    if (e instanceof String s) {
      return s;
    }
    return str(d, "employerName");
  }

  private static String workers(JsonObject d) {
    Object w = d.getValue("workers");
    if (w instanceof Number n) {
      return n.longValue() + "人";
    }
    return workersOf(d);
  }

  private static String workersOf(JsonObject d) {
    return d.getValue("workersInvolved") instanceof Number n ? n.longValue() + "人" : null;
  }

  private static String kind(String kind) {
    if (kind == null) {
      return null;
    }
    return switch (kind) {
      case "LEGAL_ACCEPT" -> "受理时限";
      case "LEGAL_REGISTER", "SERVICE_REGISTER" -> "立案时限";
      case "LEGAL_INVESTIGATE" -> "办案时限";
      case "SERVICE_ON_SITE" -> "到场时限";
      case "SERVICE_CLOSE" -> "结案时限";
      default -> null;
    };
  }

  private static String name(String code, Function<String, String> cellName) {
    String n = cellName == null ? null : cellName.apply(code);
    return n == null || n.isBlank() ? code : n;
  }

  private static String str(JsonObject d, String key) {
    Object v = d.getValue(key);
    return v == null ? null : String.valueOf(v);
  }

  private static String join(String... parts) {
    StringBuilder b = new StringBuilder();
    for (String p : parts) {
      if (p != null && !p.isBlank()) {
        b.append(b.length() == 0 ? "" : " ").append(p.strip());
      }
    }
    return b.toString();
  }

  /** At most {@link #MAX} characters (code points), the last one … when cut. */
  static String clip(String text) {
    // Control characters have no place in an SMS.
    String clean = text.replaceAll("\\p{Cntrl}", " ");
    if (clean.codePointCount(0, clean.length()) <= MAX) {
      return clean;
    }
    int end = clean.offsetByCodePoints(0, MAX - 1);
    return clean.substring(0, end) + "…";
  }
}
