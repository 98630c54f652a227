package io.gridwatch.notifications;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The event selectors of a rule: an exact type ({@code deadline.overdue}) or a prefix pattern
 * ending in {@code .*} ({@code incident.*}: every type starting with {@code incident.}); {@code *}
 * alone is every event. Pure functions.
 */
public final class EventPatterns {
  /** What a selector looks like: lower-case dotted names, optionally ending in {@code .*}. */
  public static final Pattern SYNTAX = Pattern.compile("^(\\*|[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)*(\\.\\*)?)$");

  private EventPatterns() {}

  /** Whether {@code type} is selected by {@code pattern}. */
  public static boolean matches(String pattern, String type) {
    if (type == null) {
      return false;
    }
    if (pattern.equals("*")) {
      return true;
    }
    if (pattern.endsWith(".*")) {
      return type.startsWith(pattern.substring(0, pattern.length() - 1));
    }
    return pattern.equals(type);
  }

  /** Whether any of {@code patterns} selects {@code type}. */
  public static boolean any(List<String> patterns, String type) {
    return patterns.stream().anyMatch(p -> matches(p, type));
  }

  /** Whether {@code type} is a mass-incident event, urgent unless the rule says otherwise. */
  public static boolean isIncident(String type) {
    return type != null && type.startsWith("incident.");
  }
}
