package io.gridwatch.config;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The configuration keys. Each key can be set in a config file ({@code --config FILE}, JSON or
 * .properties) and overridden by an environment variable named {@code GRIDWATCH_} + the key in
 * upper snake case: {@code grid.snapMeters} → {@code GRIDWATCH_GRID_SNAP_METERS}.
 */
public final class ConfigKeys {
  public static final String HTTP_PORT = "http.port";
  public static final String HTTP_HOST = "http.host";
  public static final String HTTP_MAX_BODY_BYTES = "http.maxBodyBytes";
  public static final String HTTP_REQUEST_TIMEOUT_MS = "http.requestTimeoutMs";
  /**
   * HTTP server instances, each on an event loop of its own (0: one per CPU core). Live sockets
   * are spread over them, so the fan-out of events uses every core.
   */
  public static final String HTTP_INSTANCES = "http.instances";
  /**
   * Reverse proxies (addresses or CIDR blocks, comma-separated) whose {@code X-Forwarded-For}
   * names the client; empty (the default): the header is ignored. See {@link SecuritySettings}.
   */
  public static final String HTTP_TRUSTED_PROXIES = "http.trustedProxies";
  /**
   * Browser origins allowed to send cookie-authenticated changes besides the server's own; see
   * {@link SecuritySettings}.
   */
  public static final String HTTP_ALLOWED_ORIGINS = "http.allowedOrigins";
  public static final String DB_URL = "db.url";
  public static final String DB_POOL_SIZE = "db.poolSize";
  public static final String DATA_DIR = "data.dir";
  public static final String GRID_SEED_DIR = "grid.seedDir";
  public static final String GRID_SEED_ON_EMPTY = "grid.seedOnEmpty";
  public static final String GRID_BOUNDARY_METERS = "grid.boundaryMeters";
  public static final String GRID_SNAP_METERS = "grid.snapMeters";
  public static final String GRID_MAX_BATCH_POINTS = "grid.maxBatchPoints";
  public static final String GRID_MAX_IMPORT_BYTES = "grid.maxImportBytes";
  public static final String AUTH_IDLE_TIMEOUT_MINUTES = "auth.idleTimeoutMinutes";
  public static final String AUTH_LOCKOUT_ATTEMPTS = "auth.lockoutAttempts";
  public static final String AUTH_LOCKOUT_MINUTES = "auth.lockoutMinutes";
  public static final String AUTH_LOGIN_RATE_PER_MINUTE = "auth.loginRatePerMinute";
  public static final String AUTH_LOGIN_DELAY_FROM_FAILURE = "auth.loginDelayFromFailure";
  public static final String AUTH_LOGIN_MAX_DELAY_SECONDS = "auth.loginMaxDelaySeconds";
  public static final String AUTH_LOGIN_MAX_TRACKED_ADDRESSES = "auth.loginMaxTrackedAddresses";
  /**
   * Browser origins ({@code scheme://host[:port]}, comma-separated) allowed to open the live
   * event socket besides the server's own; see {@link LiveSettings}.
   */
  public static final String LIVE_ALLOWED_ORIGINS = "live.allowedOrigins";
  public static final String LIVE_SESSION_CHECK_SECONDS = "live.sessionCheckSeconds";
  public static final String LIVE_MAX_QUEUED_PER_SOCKET = "live.maxQueuedPerSocket";
  public static final String LIVE_POLL_MILLIS = "live.pollMillis";
  /**
   * A directory of working-day calendar files ({@code cn-YYYY.json}, replacing or adding years)
   * and optionally {@code service-promises.json}, read at start instead of the bundled ones; no
   * rebuild needed when the State Council publishes next year's holidays (docs/clocks.md).
   */
  public static final String CLOCKS_CALENDAR_DIR = "clocks.calendarDir";
  /** The least time between two stored positions of one user (io.gridwatch.dispatch). */
  public static final String DISPATCH_POSITION_MIN_INTERVAL_SECONDS = "dispatch.positionMinIntervalSeconds";
  /** How old a position may be before the roster calls it stale (io.gridwatch.dispatch). */
  public static final String DISPATCH_STALE_SECONDS = "dispatch.staleSeconds";
  /** How long a dispatched team has to accept before the case goes to the next team. */
  public static final String DISPATCH_ACCEPT_TIMEOUT_SECONDS = "dispatch.acceptTimeoutSeconds";
  /** Case categories the system dispatches itself on registration (comma-separated). */
  public static final String DISPATCH_AUTO_CATEGORIES = "dispatch.autoDispatchCategories";
  /** Whether only URGENT cases of those categories are dispatched automatically. */
  public static final String DISPATCH_AUTO_URGENT_ONLY = "dispatch.autoDispatchUrgentOnly";
  /** A check-in farther than this (metres) from the case's location is flagged. */
  public static final String DISPATCH_ARRIVAL_WARNING_METERS = "dispatch.arrivalWarningMeters";
  /**
   * The directory of the evidence store's blobs (io.gridwatch.evidence); empty (the default):
   * {@code evidence} under {@code data.dir}.
   */
  public static final String EVIDENCE_DIR = "evidence.dir";
  /** The largest evidence upload accepted, in bytes (default 10 MiB). */
  public static final String EVIDENCE_MAX_BYTES = "evidence.maxBytes";
  /** The webhook of the default notification rule (mass incidents); empty: that rule stays disabled. */
  public static final String NOTIFICATIONS_WEBHOOK_URL = "notifications.webhookUrl";
  /** The HMAC-SHA256 key of the default rule's webhook. A secret: never logged or printed. */
  public static final String NOTIFICATIONS_WEBHOOK_SECRET = "notifications.webhookSecret";
  /** How often the notification dispatcher and sender look for work (milliseconds). */
  public static final String NOTIFICATIONS_POLL_MILLIS = "notifications.pollMillis";
  /** How long one notification delivery may take (milliseconds). */
  public static final String NOTIFICATIONS_TIMEOUT_MILLIS = "notifications.timeoutMillis";
  /** Waits between delivery attempts (seconds, comma-separated; the last repeats). */
  public static final String NOTIFICATIONS_BACKOFF_SECONDS = "notifications.backoffSeconds";
  /** Delivery attempts before a notification is FAILED. */
  public static final String NOTIFICATIONS_MAX_ATTEMPTS = "notifications.maxAttempts";
  /** How long a claimed notification stays claimed by one node (seconds). */
  public static final String NOTIFICATIONS_LEASE_SECONDS = "notifications.leaseSeconds";
  /** Workers (open cases of one employer or project) at which a mass incident opens by itself. */
  public static final String INCIDENTS_THRESHOLD = "incidents.threshold";
  /** Incident grades by headcount, {@code NAME:WORKERS,...}, e.g. {@code I:100,II:50,III:30}. */
  public static final String INCIDENTS_GRADES = "incidents.grades";
  /** Minutes from an incident's opening to its on-site deadline (一小时维权服务圈). */
  public static final String INCIDENTS_ON_SITE_MINUTES = "incidents.onSiteMinutes";
  /** How often (ms) the incident detector looks at changed cases and on-site clocks. */
  public static final String INCIDENTS_SWEEP_MILLIS = "incidents.sweepMillis";
  /** The password user {@code admin} gets at first start. A secret: never logged or printed. */
  public static final String AUTH_ADMIN_PASSWORD = "auth.adminPassword";
  /** The password of the demo users ({@code --demo}). A secret: never logged or printed. */
  public static final String DEMO_PASSWORD = "demo.password";
  /** With {@code --demo}: how many invented complaints the demo files per minute (0: none). */
  public static final String DEMO_COMPLAINTS_PER_MINUTE = "demo.complaintsPerMinute";
  /** With {@code --demo}: the seed of the invented traffic, so that a run can be repeated. */
  public static final String DEMO_SEED = "demo.seed";

  /** Keys whose values are secrets: shown as {@code ***} wherever values are echoed. */
  public static final Set<String> SECRETS = Set.of(AUTH_ADMIN_PASSWORD, DEMO_PASSWORD, NOTIFICATIONS_WEBHOOK_URL,
      NOTIFICATIONS_WEBHOOK_SECRET);

  /**
   * Environment names fixed by the published API (shared/API.md) that differ from the derived
   * ones: the admin password is {@code GRIDWATCH_ADMIN_PASSWORD}, not
   * {@code GRIDWATCH_AUTH_ADMIN_PASSWORD}.
   */
  private static final Map<String, String> ENV_NAMES = Map.of(AUTH_ADMIN_PASSWORD, "GRIDWATCH_ADMIN_PASSWORD");

  private ConfigKeys() {}

  /** The environment variable that overrides {@code key}. */
  public static String envName(String key) {
    String fixed = ENV_NAMES.get(key);
    if (fixed != null) {
      return fixed;
    }
    StringBuilder out = new StringBuilder("GRIDWATCH_");
    for (char c : key.toCharArray()) {
      if (c == '.') {
        out.append('_');
      } else if (Character.isUpperCase(c)) {
        out.append('_').append(c);
      } else {
        out.append(Character.toUpperCase(c));
      }
    }
    return out.toString().toUpperCase(Locale.ROOT);
  }
}
