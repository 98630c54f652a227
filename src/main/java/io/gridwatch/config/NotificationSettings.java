package io.gridwatch.config;

import java.util.List;
import java.util.Optional;

/**
 * Settings of the notifications (io.gridwatch.notifications, docs/notifications.md). Immutable.
 *
 * @param webhookUrl the webhook of the default rule "群体性事件 → 监察大队和领导"
 *     ({@code notifications.webhookUrl}, env {@code GRIDWATCH_NOTIFICATIONS_WEBHOOK_URL}); empty
 *     (the default): the default rule exists but stays disabled
 * @param webhookSecret the HMAC-SHA256 key the default rule signs its webhooks with
 *     ({@code notifications.webhookSecret}, a secret, at least 16 characters; required with a URL)
 * @param pollMillis how often the dispatcher looks for new events and the sender for due
 *     messages ({@code notifications.pollMillis}, default 1000)
 * @param timeoutMillis how long one delivery may take before it counts as failed
 *     ({@code notifications.timeoutMillis}, default 5000)
 * @param backoffSeconds the waits before the 2nd, 3rd, ... attempt; the last repeats
 *     ({@code notifications.backoffSeconds}, comma-separated, default {@code 10,30,120,600})
 * @param maxAttempts attempts before a message is FAILED ({@code notifications.maxAttempts},
 *     default 6)
 * @param leaseSeconds how long a claimed message stays claimed: a node that dies between claim
 *     and send leaves it to another after this ({@code notifications.leaseSeconds}, default 60;
 *     more than the timeout)
 */
public record NotificationSettings(Optional<String> webhookUrl, Optional<String> webhookSecret, long pollMillis,
    int timeoutMillis, List<Integer> backoffSeconds, int maxAttempts, int leaseSeconds) {

  public NotificationSettings {
    backoffSeconds = List.copyOf(backoffSeconds);
    if (backoffSeconds.isEmpty()) {
      backoffSeconds = List.of(10);
    }
  }

  /** The defaults: no webhook, 1 s polls, 5 s timeout, 10 s / 30 s / 2 min / 10 min, 6 attempts, 60 s lease. */
  public static NotificationSettings defaults() {
    return new NotificationSettings(Optional.empty(), Optional.empty(), 1000, 5000, List.of(10, 30, 120, 600), 6, 60);
  }

  /**
   * What is wrong with {@code url} as a webhook target, or null when it is usable: an absolute
   * {@code http} or {@code https} URL with a host, no user name or password in it (credentials
   * belong in the signature secret, not in a URL that is shown back) and no fragment, at most
   * 2000 characters. The message never repeats the URL (its query may hold a token).
   */
  public static String webhookUrlProblem(String url) {
    if (url == null || url.isBlank()) {
      return "is required";
    }
    if (url.length() > 2000) {
      return "is longer than 2000 characters";
    }
    try {
      java.net.URI u = new java.net.URI(url.strip());
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        return "must be an http or https URL";
      }
      if (u.getRawUserInfo() != null) {
        return "must not hold a user name or password (the rule's secret signs each message instead)";
      }
      if (u.getHost() == null || u.getHost().isEmpty()) {
        return "must name a host";
      }
      if (u.getRawFragment() != null) {
        return "must not have a fragment (#...)";
      }
      return null;
    } catch (java.net.URISyntaxException e) {
      return "is not a valid URL";
    }
  }

  /** The wait after failed attempt number {@code attempt} (1-based). */
  public int backoffAfter(int attempt) {
    return backoffSeconds.get(Math.min(Math.max(attempt, 1), backoffSeconds.size()) - 1);
  }
}
