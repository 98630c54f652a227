package io.gridwatch.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Builds {@link GridWatchConfig}: defaults &lt; config file &lt; environment. Every bad value is
 * reported at once, each with the key, the source it came from and what is allowed, so that an
 * operator fixes a broken deployment in one go. Plain blocking code, for start-up only.
 */
public final class ConfigLoader {
  private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

  static {
    DEFAULTS.put(ConfigKeys.HTTP_HOST, "0.0.0.0");
    DEFAULTS.put(ConfigKeys.HTTP_PORT, "8080");
    DEFAULTS.put(ConfigKeys.HTTP_MAX_BODY_BYTES, String.valueOf(1024 * 1024));
    DEFAULTS.put(ConfigKeys.HTTP_REQUEST_TIMEOUT_MS, "30000");
    DEFAULTS.put(ConfigKeys.HTTP_INSTANCES, "0");
    DEFAULTS.put(ConfigKeys.DB_URL, "");
    DEFAULTS.put(ConfigKeys.DB_POOL_SIZE, "8");
    DEFAULTS.put(ConfigKeys.DATA_DIR, "data");
    DEFAULTS.put(ConfigKeys.GRID_SEED_DIR, "geodata/chengdu");
    DEFAULTS.put(ConfigKeys.GRID_SEED_ON_EMPTY, "true");
    DEFAULTS.put(ConfigKeys.GRID_BOUNDARY_METERS, "30");
    DEFAULTS.put(ConfigKeys.GRID_SNAP_METERS, "200");
    DEFAULTS.put(ConfigKeys.GRID_MAX_BATCH_POINTS, "10000");
    DEFAULTS.put(ConfigKeys.GRID_MAX_IMPORT_BYTES, String.valueOf(64L * 1024 * 1024));
    DEFAULTS.put(ConfigKeys.AUTH_IDLE_TIMEOUT_MINUTES, "30");
    DEFAULTS.put(ConfigKeys.AUTH_LOCKOUT_ATTEMPTS, "5");
    DEFAULTS.put(ConfigKeys.AUTH_LOCKOUT_MINUTES, "10");
    DEFAULTS.put(ConfigKeys.AUTH_LOGIN_RATE_PER_MINUTE, "20");
    DEFAULTS.put(ConfigKeys.LIVE_ALLOWED_ORIGINS, "");
    DEFAULTS.put(ConfigKeys.LIVE_SESSION_CHECK_SECONDS, "30");
    DEFAULTS.put(ConfigKeys.LIVE_MAX_QUEUED_PER_SOCKET, "256");
    DEFAULTS.put(ConfigKeys.LIVE_POLL_MILLIS, "1000");
    DEFAULTS.put(ConfigKeys.CLOCKS_CALENDAR_DIR, "");
    DEFAULTS.put(ConfigKeys.DISPATCH_POSITION_MIN_INTERVAL_SECONDS, "5");
    DEFAULTS.put(ConfigKeys.DISPATCH_STALE_SECONDS, "300");
    DEFAULTS.put(ConfigKeys.DISPATCH_ACCEPT_TIMEOUT_SECONDS, "300");
    DEFAULTS.put(ConfigKeys.DISPATCH_AUTO_CATEGORIES, "WAGE_ARREARS,CHILD_LABOUR");
    DEFAULTS.put(ConfigKeys.DISPATCH_AUTO_URGENT_ONLY, "true");
    DEFAULTS.put(ConfigKeys.DISPATCH_ARRIVAL_WARNING_METERS, "500");
    DEFAULTS.put(ConfigKeys.EVIDENCE_DIR, "");
    DEFAULTS.put(ConfigKeys.EVIDENCE_MAX_BYTES, String.valueOf(10L * 1024 * 1024));
    DEFAULTS.put(ConfigKeys.INCIDENTS_THRESHOLD, "30");
    DEFAULTS.put(ConfigKeys.INCIDENTS_GRADES, "I:30");
    DEFAULTS.put(ConfigKeys.INCIDENTS_ON_SITE_MINUTES, "60");
    DEFAULTS.put(ConfigKeys.INCIDENTS_SWEEP_MILLIS, "500");
    DEFAULTS.put(ConfigKeys.AUTH_ADMIN_PASSWORD, "");
    DEFAULTS.put(ConfigKeys.DEMO_PASSWORD, "");
    DEFAULTS.put(ConfigKeys.DEMO_COMPLAINTS_PER_MINUTE, "20");
    DEFAULTS.put(ConfigKeys.DEMO_SEED, "20260217");
    DEFAULTS.put(ConfigKeys.HTTP_TRUSTED_PROXIES, "");
    DEFAULTS.put(ConfigKeys.HTTP_ALLOWED_ORIGINS, "");
    DEFAULTS.put(ConfigKeys.AUTH_LOGIN_DELAY_FROM_FAILURE, "3");
    DEFAULTS.put(ConfigKeys.AUTH_LOGIN_MAX_DELAY_SECONDS, "60");
    DEFAULTS.put(ConfigKeys.AUTH_LOGIN_MAX_TRACKED_ADDRESSES, "100000");
    DEFAULTS.put(ConfigKeys.NOTIFICATIONS_WEBHOOK_URL, "");
    DEFAULTS.put(ConfigKeys.NOTIFICATIONS_WEBHOOK_SECRET, "");
    DEFAULTS.put(ConfigKeys.NOTIFICATIONS_POLL_MILLIS, "1000");
    DEFAULTS.put(ConfigKeys.NOTIFICATIONS_TIMEOUT_MILLIS, "5000");
    DEFAULTS.put(ConfigKeys.NOTIFICATIONS_BACKOFF_SECONDS, "10,30,120,600");
    DEFAULTS.put(ConfigKeys.NOTIFICATIONS_MAX_ATTEMPTS, "6");
    DEFAULTS.put(ConfigKeys.NOTIFICATIONS_LEASE_SECONDS, "60");
  }

  private ConfigLoader() {}

  /** The default value of every key, in a stable order (for {@code --help} and docs). */
  public static Map<String, String> defaults() {
    return java.util.Collections.unmodifiableMap(DEFAULTS);
  }

  /**
   * Loads the configuration.
   *
   * @param configFile optional JSON (nested objects or dotted keys) or .properties file
   * @param env the environment, normally {@code System.getenv()}
   * @throws ConfigException listing every bad value
   */
  public static GridWatchConfig load(Optional<Path> configFile, Map<String, String> env, boolean demo) {
    Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
    Map<String, String> source = new LinkedHashMap<>();
    DEFAULTS.keySet().forEach(k -> source.put(k, "default"));
    List<String> problems = new ArrayList<>();
    configFile.ifPresent(file -> readFile(file, values, source, problems));
    for (String key : DEFAULTS.keySet()) {
      String value = env.get(ConfigKeys.envName(key));
      if (value != null) {
        values.put(key, value.trim());
        source.put(key, "environment variable " + ConfigKeys.envName(key));
      }
    }
    Parser p = new Parser(values, source, problems);
    GridWatchConfig config = new GridWatchConfig(
        p.text(ConfigKeys.HTTP_HOST),
        (int) p.integer(ConfigKeys.HTTP_PORT, 0, 65535),
        p.integer(ConfigKeys.HTTP_MAX_BODY_BYTES, 1024, 1L << 30),
        p.integer(ConfigKeys.HTTP_REQUEST_TIMEOUT_MS, 100, 3_600_000),
        (int) p.integer(ConfigKeys.HTTP_INSTANCES, 0, 64),
        p.dbUrl(ConfigKeys.DB_URL),
        (int) p.integer(ConfigKeys.DB_POOL_SIZE, 1, 200),
        Path.of(p.text(ConfigKeys.DATA_DIR)),
        Path.of(p.text(ConfigKeys.GRID_SEED_DIR)),
        p.bool(ConfigKeys.GRID_SEED_ON_EMPTY),
        p.decimal(ConfigKeys.GRID_BOUNDARY_METERS, 0, 10_000),
        p.decimal(ConfigKeys.GRID_SNAP_METERS, 0, 100_000),
        (int) p.integer(ConfigKeys.GRID_MAX_BATCH_POINTS, 1, 1_000_000),
        p.integer(ConfigKeys.GRID_MAX_IMPORT_BYTES, 1024, 4L << 30),
        (int) p.integer(ConfigKeys.AUTH_IDLE_TIMEOUT_MINUTES, 1, 24 * 60),
        (int) p.integer(ConfigKeys.AUTH_LOCKOUT_ATTEMPTS, 1, 100),
        (int) p.integer(ConfigKeys.AUTH_LOCKOUT_MINUTES, 1, 24 * 60),
        (int) p.integer(ConfigKeys.AUTH_LOGIN_RATE_PER_MINUTE, 1, 100_000),
        p.secret(ConfigKeys.AUTH_ADMIN_PASSWORD),
        p.secret(ConfigKeys.DEMO_PASSWORD),
        demo,
        p.decimal(ConfigKeys.DEMO_COMPLAINTS_PER_MINUTE, 0, 60_000),
        p.integer(ConfigKeys.DEMO_SEED, Long.MIN_VALUE, Long.MAX_VALUE),
        p.directory(ConfigKeys.CLOCKS_CALENDAR_DIR),
        new LiveSettings(
            p.origins(ConfigKeys.LIVE_ALLOWED_ORIGINS),
            (int) p.integer(ConfigKeys.LIVE_SESSION_CHECK_SECONDS, 1, 3600),
            (int) p.integer(ConfigKeys.LIVE_MAX_QUEUED_PER_SOCKET, 1, 100_000),
            p.integer(ConfigKeys.LIVE_POLL_MILLIS, 10, 60_000)),
        new SecuritySettings(
            p.ipRanges(ConfigKeys.HTTP_TRUSTED_PROXIES),
            p.origins(ConfigKeys.HTTP_ALLOWED_ORIGINS),
            (int) p.integer(ConfigKeys.AUTH_LOGIN_DELAY_FROM_FAILURE, 1, 100),
            (int) p.integer(ConfigKeys.AUTH_LOGIN_MAX_DELAY_SECONDS, 1, 3600),
            (int) p.integer(ConfigKeys.AUTH_LOGIN_MAX_TRACKED_ADDRESSES, 100, 10_000_000)),
        new DispatchSettings(
            (int) p.integer(ConfigKeys.DISPATCH_POSITION_MIN_INTERVAL_SECONDS, 0, 3600),
            (int) p.integer(ConfigKeys.DISPATCH_STALE_SECONDS, 10, 86_400),
            (int) p.integer(ConfigKeys.DISPATCH_ACCEPT_TIMEOUT_SECONDS, 10, 86_400),
            p.names(ConfigKeys.DISPATCH_AUTO_CATEGORIES),
            p.bool(ConfigKeys.DISPATCH_AUTO_URGENT_ONLY),
            (int) p.integer(ConfigKeys.DISPATCH_ARRIVAL_WARNING_METERS, 10, 100_000)),
        new EvidenceSettings(
            p.optionalPath(ConfigKeys.EVIDENCE_DIR).orElseGet(() -> Path.of(p.text(ConfigKeys.DATA_DIR)).resolve("evidence")),
            p.integer(ConfigKeys.EVIDENCE_MAX_BYTES, 1, 1L << 30)),
        p.notifications(), p.incidents());
    if (demo && config.demoPassword().isEmpty()) {
      problems.add("--demo needs the password of the demo users: set " + ConfigKeys.envName(ConfigKeys.DEMO_PASSWORD)
          + " (or " + ConfigKeys.DEMO_PASSWORD + " in the config file); the demo accounts are never created"
          + " with a built-in password");
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return config;
  }

  private static void readFile(
      Path file, Map<String, String> values, Map<String, String> source, List<String> problems) {
    Map<String, String> read = new LinkedHashMap<>();
    try {
      String name = file.getFileName().toString();
      if (name.endsWith(".properties")) {
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          props.load(r);
        }
        props.stringPropertyNames().forEach(k -> read.put(k, props.getProperty(k).trim()));
      } else {
        flatten("", new JsonObject(Files.readString(file, StandardCharsets.UTF_8)), read);
      }
    } catch (IOException e) {
      problems.add("config file " + file + " cannot be read: " + e.getMessage());
      return;
    } catch (DecodeException e) {
      problems.add("config file " + file + " is not valid JSON: " + e.getMessage());
      return;
    }
    for (Map.Entry<String, String> e : read.entrySet()) {
      if (!DEFAULTS.containsKey(e.getKey())) {
        problems.add("config file " + file + ": unknown key '" + e.getKey() + "' (known keys: "
            + String.join(", ", DEFAULTS.keySet()) + ")");
      } else {
        values.put(e.getKey(), e.getValue());
        source.put(e.getKey(), "config file " + file);
      }
    }
  }

  private static void flatten(String prefix, JsonObject json, Map<String, String> out) {
    for (Map.Entry<String, Object> e : json) {
      String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      if (e.getValue() instanceof JsonObject nested) {
        flatten(key, nested, out);
      } else {
        out.put(key, e.getValue() == null ? "" : String.valueOf(e.getValue()).trim());
      }
    }
  }

  /** Parses values, collecting a message per bad one instead of stopping at the first. */
  private record Parser(Map<String, String> values, Map<String, String> source, List<String> problems) {
    String text(String key) {
      String v = values.get(key);
      if (v == null || v.isBlank()) {
        problems.add(key + " must not be empty (from " + source.get(key) + ")");
        return DEFAULTS.get(key);
      }
      return v;
    }

    long integer(String key, long min, long max) {
      String v = values.get(key);
      try {
        long n = Long.parseLong(v);
        if (n < min || n > max) {
          problems.add(key + " = " + v + " is out of range: expected " + min + ".." + max
              + " (from " + source.get(key) + ")");
          return Long.parseLong(DEFAULTS.get(key));
        }
        return n;
      } catch (NumberFormatException e) {
        problems.add(key + " = '" + v + "' is not a whole number (from " + source.get(key) + ")");
        return Long.parseLong(DEFAULTS.get(key));
      }
    }

    boolean bool(String key) {
      String v = values.get(key);
      if ("true".equalsIgnoreCase(v) || "false".equalsIgnoreCase(v)) {
        return Boolean.parseBoolean(v);
      }
      problems.add(key + " = '" + v + "' must be true or false (from " + source.get(key) + ")");
      return Boolean.parseBoolean(DEFAULTS.get(key));
    }

    double decimal(String key, double min, double max) {
      String v = values.get(key);
      try {
        double d = Double.parseDouble(v);
        if (!(d >= min && d <= max)) {
          problems.add(key + " = " + v + " is out of range: expected " + min + ".." + max
              + " (from " + source.get(key) + ")");
          return Double.parseDouble(DEFAULTS.get(key));
        }
        return d;
      } catch (NumberFormatException e) {
        problems.add(key + " = '" + v + "' is not a number (from " + source.get(key) + ")");
        return Double.parseDouble(DEFAULTS.get(key));
      }
    }

    /** An optional secret: empty when unset; its value never appears in a message. */
    Optional<String> secret(String key) {
      String v = values.get(key);
      return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    /** A comma-separated list of web origins ({@code https://host[:port]}); empty is none. */
    /** A comma-separated list of upper-case names (A-Z, digits, _); empty when blank. */
    List<String> names(String key) {
      List<String> out = new ArrayList<>();
      String v = values.get(key);
      if (v == null || v.isBlank()) {
        return out;
      }
      for (String part : v.split(",")) {
        String n = part.strip();
        if (n.isEmpty()) {
          continue;
        }
        if (!n.matches("[A-Z][A-Z0-9_]{0,39}")) {
          problems.add(key + ": '" + n + "' is not a name: expected upper-case letters, digits and _, e.g."
              + " WAGE_ARREARS (from " + source.get(key) + ")");
        } else {
          out.add(n);
        }
      }
      return out;
    }

    List<String> origins(String key) {
      List<String> out = new ArrayList<>();
      String v = values.get(key);
      if (v == null || v.isBlank()) {
        return out;
      }
      for (String part : v.split(",")) {
        String o = part.strip();
        if (o.isEmpty()) {
          continue;
        }
        String normal = LiveSettings.normaliseOrigin(o);
        if (normal == null) {
          problems.add(key + ": '" + o + "' is not a web origin: expected scheme://host[:port] with scheme http or"
              + " https and nothing after the port, e.g. https://wall.example.org (from " + source.get(key) + ")");
        } else {
          out.add(normal);
        }
      }
      return out;
    }

    /** The incident settings ({@link IncidentSettings}). */
    IncidentSettings incidents() {
      int threshold = (int) integer(ConfigKeys.INCIDENTS_THRESHOLD, 2, 100_000);
      java.util.List<IncidentSettings.Grade> grades = IncidentSettings.parseGrades(
          values.getOrDefault(ConfigKeys.INCIDENTS_GRADES, ""), ConfigKeys.INCIDENTS_GRADES,
          source.get(ConfigKeys.INCIDENTS_GRADES), problems);
      if (grades == null) {
        grades = IncidentSettings.defaults().grades();
      }
      return new IncidentSettings(threshold, grades,
          (int) integer(ConfigKeys.INCIDENTS_ON_SITE_MINUTES, 1, 24 * 60),
          integer(ConfigKeys.INCIDENTS_SWEEP_MILLIS, 50, 60_000));
    }

    /** A path (which need not exist yet), or empty when the value is blank. */
    Optional<Path> optionalPath(String key) {
      String v = values.get(key);
      if (v == null || v.isBlank()) {
        return Optional.empty();
      }
      try {
        return Optional.of(Path.of(v.strip()));
      } catch (java.nio.file.InvalidPathException e) {
        problems.add(key + " is not a usable path (from " + source.get(key) + "): " + e.getReason());
        return Optional.empty();
      }
    }

    /** An existing directory, or empty when the value is blank. */
    Optional<Path> directory(String key) {
      String v = values.get(key);
      if (v == null || v.isBlank()) {
        return Optional.empty();
      }
      Path dir = Path.of(v);
      if (!Files.isDirectory(dir)) {
        problems.add(key + " must name an existing directory (from " + source.get(key) + "), was " + v);
        return Optional.empty();
      }
      return Optional.of(dir);
    }

    /** A comma-separated list of IP addresses or CIDR blocks; empty is none. */
    List<IpRange> ipRanges(String key) {
      List<IpRange> out = new ArrayList<>();
      String v = values.get(key);
      if (v == null || v.isBlank()) {
        return out;
      }
      for (String part : v.split(",")) {
        String r = part.strip();
        if (r.isEmpty()) {
          continue;
        }
        IpRange range = IpRange.parse(r);
        if (range == null) {
          problems.add(key + ": '" + r + "' is not an IP address or CIDR block (e.g. 10.0.0.5 or 10.0.0.0/8; names"
              + " are not looked up) (from " + source.get(key) + ")");
        } else {
          out.add(range);
        }
      }
      return out;
    }

    NotificationSettings notifications() {
      Optional<String> url = secret(ConfigKeys.NOTIFICATIONS_WEBHOOK_URL).map(String::strip).filter(u -> !u.isEmpty());
      Optional<String> key = secret(ConfigKeys.NOTIFICATIONS_WEBHOOK_SECRET);
      if (url.isPresent()) {
        String problem = NotificationSettings.webhookUrlProblem(url.get());
        if (problem != null) {
          // The URL itself is not repeated: its query may hold a token.
          problems.add(ConfigKeys.NOTIFICATIONS_WEBHOOK_URL + " " + problem + " (from "
              + source.get(ConfigKeys.NOTIFICATIONS_WEBHOOK_URL) + ")");
        }
        if (key.isEmpty()) {
          problems.add(ConfigKeys.NOTIFICATIONS_WEBHOOK_URL + " needs " + ConfigKeys.NOTIFICATIONS_WEBHOOK_SECRET
              + " (env " + ConfigKeys.envName(ConfigKeys.NOTIFICATIONS_WEBHOOK_SECRET) + "), the key the receiver"
              + " checks X-GridWatch-Signature with");
        }
      }
      if (key.isPresent() && (key.get().length() < 16 || key.get().length() > 200)) {
        problems.add(ConfigKeys.NOTIFICATIONS_WEBHOOK_SECRET + " must be 16 to 200 characters (from "
            + source.get(ConfigKeys.NOTIFICATIONS_WEBHOOK_SECRET) + ")");
      }
      List<Integer> backoff = new ArrayList<>();
      String b = values.get(ConfigKeys.NOTIFICATIONS_BACKOFF_SECONDS);
      for (String part : (b == null ? "" : b).split(",")) {
        String t = part.strip();
        if (t.isEmpty()) {
          continue;
        }
        try {
          int n = Integer.parseInt(t);
          if (n < 1 || n > 86_400) {
            throw new NumberFormatException();
          }
          backoff.add(n);
        } catch (NumberFormatException e) {
          problems.add(ConfigKeys.NOTIFICATIONS_BACKOFF_SECONDS + ": '" + t + "' is not a number of seconds 1..86400"
              + " (from " + source.get(ConfigKeys.NOTIFICATIONS_BACKOFF_SECONDS) + ")");
        }
      }
      if (backoff.isEmpty()) {
        backoff = List.of(10, 30, 120, 600);
      }
      int timeout = (int) integer(ConfigKeys.NOTIFICATIONS_TIMEOUT_MILLIS, 100, 120_000);
      int lease = (int) integer(ConfigKeys.NOTIFICATIONS_LEASE_SECONDS, 5, 3600);
      if (lease * 1000L <= timeout) {
        problems.add(ConfigKeys.NOTIFICATIONS_LEASE_SECONDS + " must be longer than "
            + ConfigKeys.NOTIFICATIONS_TIMEOUT_MILLIS + ", or a slow delivery could be sent twice");
      }
      return new NotificationSettings(url, key, integer(ConfigKeys.NOTIFICATIONS_POLL_MILLIS, 10, 60_000), timeout,
          backoff, (int) integer(ConfigKeys.NOTIFICATIONS_MAX_ATTEMPTS, 1, 100), lease);
    }

    Optional<String> dbUrl(String key) {
      String v = values.get(key);
      if (v == null || v.isBlank()) {
        return Optional.empty();
      }
      try {
        io.gridwatch.store.DatabaseUrl.parse(v);
        return Optional.of(v);
      } catch (IllegalArgumentException e) {
        problems.add(key + " is not usable (from " + source.get(key) + "): " + e.getMessage());
        return Optional.empty();
      }
    }
  }
}
