package io.gridwatch.notifications;

import io.gridwatch.auth.Role;
import io.gridwatch.auth.Scope;
import io.gridwatch.config.NotificationSettings;
import io.gridwatch.http.JsonBody;
import io.vertx.core.json.JsonArray;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A rule as a client sends it ({@code POST /api/notifications/rules}, {@code PUT .../{id}}),
 * read and checked in full before anything is stored: every bad field is reported at once and
 * nothing is half-saved. Immutable once parsed.
 *
 * @param secret the new HMAC key, or null to keep the stored one (PUT) / none (a disabled rule)
 */
public record RuleInput(String name, List<String> events, String cellCode, List<String> roles, List<Long> userIds,
    Integer upToLevel, String channel, String target, String secret, QuietHours quietHours, Boolean urgent,
    int expireMinutes, boolean enabled) {

  static final String[] FIELDS = {"name", "events", "cellCode", "roles", "userIds", "upToLevel", "channel", "target",
      "secret", "quietStart", "quietEnd", "urgent", "expireMinutes", "enabled"};

  /**
   * Reads a body. {@code isCell} says whether a code is a current grid cell; {@code channels} the
   * channels registered on this server; {@code caller} the caller's scope (a rule must lie inside it);
   * {@code hasSecret} whether the rule being replaced already has a secret (false on create).
   * Fails with 400 listing every problem.
   */
  static RuleInput parse(JsonBody b, Predicate<String> isCell, Set<String> channels, Scope caller, boolean hasSecret) {
    b.allowOnly(FIELDS);
    String name = b.requiredText("name", 1, 100);
    List<String> events = strings(b, "events", 1, 20, 100);
    for (int i = 0; events != null && i < events.size(); i++) {
      String e = events.get(i).strip().toLowerCase(Locale.ROOT);
      events.set(i, e);
      if (!EventPatterns.SYNTAX.matcher(e).matches()) {
        b.error("events[" + i + "]", "must be an event type (deadline.overdue) or a prefix pattern (incident.*)");
      }
    }
    String cell = b.optionalText("cellCode", 14);
    if (cell != null) {
      if (!cell.matches("[0-9]{6}([0-9]{3}){0,2}([0-9]{2})?")) {
        b.error("cellCode", "must be a grid code (6, 9, 12 or 14 digits) or null for the whole city");
        cell = null;
      } else if (!isCell.test(cell)) {
        b.error("cellCode", "is not a current grid cell");
      }
    }
    if (!caller.isCityWide() && (cell == null || !caller.covers(cell))) {
      b.error("cellCode", "must be inside your own grid (" + caller.gridCode() + ")");
    }
    List<String> roles = new ArrayList<>();
    List<String> rawRoles = b.has("roles") && b.value("roles") != null ? strings(b, "roles", 0, 6, 20) : List.of();
    for (int i = 0; rawRoles != null && i < rawRoles.size(); i++) {
      var role = Role.parse(rawRoles.get(i));
      if (role.isEmpty()) {
        b.error("roles[" + i + "]", "must be one of ADMIN, OPERATOR, SUPERVISOR, INSPECTOR, ASSISTANT, LEADER");
      } else if (!roles.contains(role.get().name())) {
        roles.add(role.get().name());
      }
    }
    List<Long> users = new ArrayList<>();
    Object rawUsers = b.value("userIds");
    if (rawUsers != null) {
      if (!(rawUsers instanceof JsonArray arr) || arr.size() > 100) {
        b.error("userIds", "must be a list of at most 100 user ids");
      } else {
        for (int i = 0; i < arr.size(); i++) {
          Object v = arr.getValue(i);
          if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() < 1) {
            b.error("userIds[" + i + "]", "must be a user id (a positive whole number)");
          } else if (!users.contains(n.longValue())) {
            users.add(n.longValue());
          }
        }
      }
    }
    if (roles.isEmpty() && users.isEmpty() && (rawRoles == null || rawRoles.isEmpty()) && !(rawUsers instanceof JsonArray a
        && !a.isEmpty())) {
      b.error("roles", "name at least one recipient: roles and/or userIds");
    }
    Integer upToLevel = integer(b, "upToLevel", 1, 4, null);
    String channel = b.requiredText("channel", 1, 20);
    if (channel != null) {
      channel = channel.toLowerCase(Locale.ROOT);
      if (!Set.of("webhook", "sms").contains(channel)) {
        b.error("channel", "must be webhook or sms");
      } else if (!channels.contains(channel)) {
        // A rule may only name a channel this server has registered (an SMS gateway is one more
        // NotificationChannel: docs/notifications.md, "Adding SMS").
        b.error("channel", "no '" + channel + "' channel is registered on this server; registered: "
            + String.join(", ", new java.util.TreeSet<>(channels)));
      }
    }
    Boolean enabledValue = b.optionalBoolean("enabled");
    boolean enabled = enabledValue == null || enabledValue;
    String target = b.optionalText("target", 2000);
    if (target != null) {
      String problem = NotificationSettings.webhookUrlProblem(target);
      if (problem != null) {
        b.error("target", problem);
      }
    } else if (enabled) {
      b.error("target", "is required for an enabled rule (the webhook URL)");
    }
    String secret = null;
    Object rawSecret = b.value("secret");
    if (rawSecret != null) {
      secret = b.requiredSecret("secret", 200);
      if (secret != null && secret.length() < 16) {
        b.error("secret", "must be at least 16 characters");
        secret = null;
      }
    } else if (enabled && !hasSecret) {
      b.error("secret", "is required for an enabled rule (the HMAC-SHA256 key the receiver checks the signature with)");
    }
    LocalTime qs = time(b, "quietStart");
    LocalTime qe = time(b, "quietEnd");
    QuietHours quiet = null;
    if ((qs == null) != (qe == null)) {
      b.error(qs == null ? "quietStart" : "quietEnd", "give quietStart and quietEnd together (or neither)");
    } else if (qs != null) {
      if (qs.equals(qe)) {
        b.error("quietEnd", "must differ from quietStart");
      } else {
        quiet = new QuietHours(qs, qe);
      }
    }
    Boolean urgent = b.has("urgent") && b.value("urgent") == null ? null : b.optionalBoolean("urgent");
    Integer expire = integer(b, "expireMinutes", 1, 10080, 60);
    b.validate();
    return new RuleInput(name, List.copyOf(new LinkedHashSet<>(events)), cell, List.copyOf(roles), List.copyOf(users),
        upToLevel, channel, target, secret, quiet, urgent, expire, enabled);
  }

  private static List<String> strings(JsonBody b, String field, int min, int max, int maxLength) {
    Object v = b.value(field);
    if (!(v instanceof JsonArray arr)) {
      b.error(field, min > 0 ? "is required: a list of " + min + " to " + max + " texts" : "must be a list of texts");
      return null;
    }
    if (arr.size() < min || arr.size() > max) {
      b.error(field, "must hold " + min + " to " + max + " entries");
      return null;
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < arr.size(); i++) {
      Object e = arr.getValue(i);
      if (!(e instanceof String s) || s.isBlank() || s.length() > maxLength) {
        b.error(field + "[" + i + "]", "must be a text of 1 to " + maxLength + " characters");
        return null;
      }
      out.add(s.strip());
    }
    return out;
  }

  private static Integer integer(JsonBody b, String field, int min, int max, Integer absent) {
    Object v = b.value(field);
    if (v == null) {
      return absent;
    }
    if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() < min
        || n.longValue() > max) {
      b.error(field, "must be a whole number from " + min + " to " + max);
      return absent;
    }
    return n.intValue();
  }

  private static LocalTime time(JsonBody b, String field) {
    Object v = b.value(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s) || !s.strip().matches("([01][0-9]|2[0-3]):[0-5][0-9]")) {
      b.error(field, "must be a local time HH:mm (Asia/Shanghai), e.g. 22:00");
      return null;
    }
    try {
      return LocalTime.parse(s.strip());
    } catch (DateTimeParseException e) {
      b.error(field, "must be a local time HH:mm (Asia/Shanghai), e.g. 22:00");
      return null;
    }
  }
}
