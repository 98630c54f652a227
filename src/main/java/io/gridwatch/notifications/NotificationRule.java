package io.gridwatch.notifications;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;

/**
 * A notification rule as stored ({@code notification_rule}): which events, where, to whom, by
 * which channel, with quiet hours and an expiry. Immutable. The secret is held for the sender
 * and never put into {@link #toJson()}.
 *
 * @param cellCode the rule's part of the grid (that cell and every cell inside it), or null for
 *     the whole city (then also events without a cell)
 * @param upToLevel role recipients only from this grid level up (city-wide users always), or null
 * @param urgent null: incident.* events skip quiet hours, others wait; true: all skip; false: all wait
 */
public record NotificationRule(long id, String name, List<String> events, String cellCode, List<String> roles,
    List<Long> userIds, Integer upToLevel, String channel, String target, String secret, QuietHours quietHours,
    Boolean urgent, int expireMinutes, boolean enabled, String builtin, OffsetDateTime createdAt,
    OffsetDateTime updatedAt) {

  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

  static NotificationRule of(Row r) {
    LocalTime qs = r.getLocalTime("quiet_start");
    LocalTime qe = r.getLocalTime("quiet_end");
    return new NotificationRule(r.getLong("id"), r.getString("name"), Arrays.asList(r.getArrayOfStrings("events")),
        r.getString("cell_code"), Arrays.asList(r.getArrayOfStrings("recipient_roles")),
        Arrays.asList(r.getArrayOfLongs("recipient_users")), r.getInteger("up_to_level"), r.getString("channel"),
        r.getString("target"), r.getString("secret"), qs == null ? null : new QuietHours(qs, qe),
        r.getBoolean("urgent"), r.getInteger("expire_minutes"), r.getBoolean("enabled"), r.getString("builtin"),
        r.getOffsetDateTime("created_at"), r.getOffsetDateTime("updated_at"));
  }

  /** Whether an event of {@code type} in {@code eventCell} is one of this rule's. */
  public boolean matches(String type, String eventCell) {
    if (!EventPatterns.any(events, type)) {
      return false;
    }
    return cellCode == null || (eventCell != null && eventCell.startsWith(cellCode));
  }

  /** Whether an event of {@code type} skips quiet hours under this rule. */
  public boolean urgentFor(String type) {
    return urgent == null ? EventPatterns.isIncident(type) : urgent;
  }

  /** When a message for an event of {@code type} enqueued at {@code now} may first go. */
  public Instant dueAt(String type, Instant now) {
    return quietHours == null || urgentFor(type) ? now : quietHours.release(now);
  }

  /** The public view: no secret; the target with its query values masked (they may be tokens). */
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("name", name)
        .put("events", new JsonArray(List.copyOf(events)))
        .put("cellCode", cellCode)
        .put("roles", new JsonArray(List.copyOf(roles)))
        .put("userIds", new JsonArray(List.copyOf(userIds)))
        .put("upToLevel", upToLevel)
        .put("channel", channel)
        .put("target", maskedTarget(target))
        .put("secretSet", secret != null)
        .put("quietStart", quietHours == null ? null : HH_MM.format(quietHours.start()))
        .put("quietEnd", quietHours == null ? null : HH_MM.format(quietHours.end()))
        .put("urgent", urgent)
        .put("expireMinutes", expireMinutes)
        .put("enabled", enabled)
        .put("builtin", builtin)
        .put("createdAt", createdAt == null ? null : createdAt.toString())
        .put("updatedAt", updatedAt == null ? null : updatedAt.toString());
  }

  /** {@code https://host/path?access_token=***}: the URL with every query value replaced. */
  static String maskedTarget(String target) {
    if (target == null) {
      return null;
    }
    try {
      URI u = new URI(target);
      String query = u.getRawQuery();
      if (query == null) {
        return target;
      }
      StringBuilder masked = new StringBuilder();
      for (String part : query.split("&")) {
        int eq = part.indexOf('=');
        masked.append(masked.length() == 0 ? "" : "&").append(eq < 0 ? part : part.substring(0, eq) + "=***");
      }
      String base = target.substring(0, target.indexOf('?'));
      return base + "?" + masked;
    } catch (URISyntaxException e) {
      return "***";
    }
  }

  @Override
  public String toString() {
    return "NotificationRule[id=" + id + ", name=" + name + ", events=" + events + "]";
  }
}
