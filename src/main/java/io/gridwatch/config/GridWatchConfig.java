package io.gridwatch.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The typed, validated configuration of one GridWatch process. Built by {@link ConfigLoader}
 * from defaults, then a config file, then {@code GRIDWATCH_*} environment variables. Immutable.
 *
 * @param httpInstances HTTP server instances, each on its own event loop; 0 for one per CPU core
 * @param dbUrl {@code postgresql://user[:password]@host:port/database}, or empty to let GridWatch
 *     choose (embedded PostgreSQL for non-root users, else the local server)
 * @param gridSeedDir folder with {@code level1.geojson}, {@code level2.geojson}, ... loaded into
 *     an empty database at first start (falls back to the copy inside the jar)
 * @param gridSeedOnEmpty whether an empty database gets the seed grid at start
 * @param authIdleTimeoutMinutes a session ends after this long without a request
 * @param authLockoutAttempts wrong passwords in a row that lock an account
 * @param authLockoutMinutes how long a locked account stays locked
 * @param authLoginRatePerMinute login attempts allowed per client address and minute
 * @param adminPassword the password user {@code admin} gets at first start (secret)
 * @param demoPassword the password of the demo users, required with {@code --demo} (secret)
 * @param demo whether {@code --demo} was given: demo users, employers and traffic
 * @param demoComplaintsPerMinute with {@code --demo}, the rate of invented complaints (0: none)
 * @param demoSeed with {@code --demo}, the seed of the invented traffic
 * @param clocksCalendarDir a directory of {@code cn-YYYY.json} calendar files (and optionally
 *     {@code service-promises.json}) that replace or add to the bundled ones, or empty
 * @param live the live event socket and relay (io.gridwatch.live)
 * @param security trusted proxies, allowed origins and sign-in throttling
 * @param dispatch the roster's position throttle and staleness (io.gridwatch.dispatch)
 * @param evidence the evidence store's directory and upload limit (io.gridwatch.evidence)
 * @param notifications the default webhook, polling, timeout and retries of the notifications
 *     (io.gridwatch.notifications)
 * @param incidents mass incidents: threshold, grades, the on-site clock (io.gridwatch.incidents)
 */
public record GridWatchConfig(
    String httpHost,
    int httpPort,
    long httpMaxBodyBytes,
    long httpRequestTimeoutMs,
    int httpInstances,
    Optional<String> dbUrl,
    int dbPoolSize,
    Path dataDir,
    Path gridSeedDir,
    boolean gridSeedOnEmpty,
    double gridBoundaryMeters,
    double gridSnapMeters,
    int gridMaxBatchPoints,
    long gridMaxImportBytes,
    int authIdleTimeoutMinutes,
    int authLockoutAttempts,
    int authLockoutMinutes,
    int authLoginRatePerMinute,
    Optional<String> adminPassword,
    Optional<String> demoPassword,
    boolean demo,
    double demoComplaintsPerMinute,
    long demoSeed,
    Optional<Path> clocksCalendarDir,
    LiveSettings live,
    SecuritySettings security,
    DispatchSettings dispatch,
    EvidenceSettings evidence,
    NotificationSettings notifications,
    IncidentSettings incidents) {

  /** A copy listening on another port (0 = any free port, as the tests use). */
  public GridWatchConfig withHttpPort(int port) {
    return new GridWatchConfig(httpHost, port, httpMaxBodyBytes, httpRequestTimeoutMs, httpInstances, dbUrl,
        dbPoolSize, dataDir, gridSeedDir, gridSeedOnEmpty, gridBoundaryMeters, gridSnapMeters, gridMaxBatchPoints,
        gridMaxImportBytes, authIdleTimeoutMinutes, authLockoutAttempts, authLockoutMinutes,
        authLoginRatePerMinute, adminPassword, demoPassword, demo,
        demoComplaintsPerMinute, demoSeed, clocksCalendarDir, live, security, dispatch, evidence, notifications, incidents);
  }

  /** A copy that does (or does not) load the seed grid into an empty database. */
  public GridWatchConfig withSeedOnEmpty(boolean seed) {
    return new GridWatchConfig(httpHost, httpPort, httpMaxBodyBytes, httpRequestTimeoutMs, httpInstances, dbUrl,
        dbPoolSize, dataDir, gridSeedDir, seed, gridBoundaryMeters, gridSnapMeters,
        gridMaxBatchPoints, gridMaxImportBytes, authIdleTimeoutMinutes, authLockoutAttempts, authLockoutMinutes,
        authLoginRatePerMinute, adminPassword, demoPassword, demo,
        demoComplaintsPerMinute, demoSeed, clocksCalendarDir, live, security, dispatch, evidence, notifications, incidents);
  }

  /** A copy using the given database. */
  public GridWatchConfig withDbUrl(String url) {
    return new GridWatchConfig(httpHost, httpPort, httpMaxBodyBytes, httpRequestTimeoutMs, httpInstances,
        Optional.of(url), dbPoolSize, dataDir, gridSeedDir, gridSeedOnEmpty, gridBoundaryMeters, gridSnapMeters,
        gridMaxBatchPoints, gridMaxImportBytes, authIdleTimeoutMinutes, authLockoutAttempts, authLockoutMinutes,
        authLoginRatePerMinute, adminPassword, demoPassword, demo,
        demoComplaintsPerMinute, demoSeed, clocksCalendarDir, live, security, dispatch, evidence, notifications, incidents);
  }

  /** The number of HTTP server instances to deploy: {@link #httpInstances}, or one per core when 0. */
  public int effectiveHttpInstances() {
    return httpInstances > 0 ? httpInstances : Runtime.getRuntime().availableProcessors();
  }

  /** Like the record's, but the secrets show only whether they are set. */
  @Override
  public String toString() {
    return "GridWatchConfig[httpHost=" + httpHost + ", httpPort=" + httpPort + ", dbUrl="
        + dbUrl.map(u -> io.gridwatch.store.DatabaseUrl.parse(u).toString()).orElse("(chosen at start)")
        + ", demo=" + demo + ", adminPassword=" + (adminPassword.isPresent() ? "***" : "(unset)")
        + ", demoPassword=" + (demoPassword.isPresent() ? "***" : "(unset)") + ", ...]";
  }
}
