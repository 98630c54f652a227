package io.gridwatch.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides where GridWatch keeps its data, in this order, and logs the choice:
 * <ol>
 *   <li>{@code GRIDWATCH_DB_URL} when set;
 *   <li>otherwise an embedded PostgreSQL (zonky binaries) with its data under
 *       {@code <data.dir>/pg}, so a restart loses nothing, when not running as root (PostgreSQL
 *       refuses to run as root);
 *   <li>otherwise the server on 127.0.0.1:5432 as user {@code postgres}, creating database
 *       {@code gridwatch} if missing;
 *   <li>otherwise it fails with one paragraph on what to set.
 * </ol>
 * Blocking (JDBC, process start): call it before Vert.x starts or from a worker.
 */
public final class DatabaseProvisioner {
  private static final Logger LOG = LoggerFactory.getLogger(DatabaseProvisioner.class);
  public static final String DEFAULT_DATABASE = "gridwatch";
  public static final DatabaseUrl LOCAL_SERVER =
      new DatabaseUrl("127.0.0.1", 5432, "postgres", "postgres", "");

  /** The chosen database, and the embedded server to stop at shutdown if one was started. */
  public record Provisioned(DatabaseUrl url, String description, Optional<EmbeddedPostgres> embedded)
      implements AutoCloseable {
    @Override
    public void close() {
      embedded.ifPresent(pg -> {
        try {
          pg.close();
        } catch (IOException e) {
          LOG.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
      });
    }
  }

  private DatabaseProvisioner() {}

  public static Provisioned provision(Optional<String> configuredUrl, Path dataDir) {
    if (configuredUrl.isPresent()) {
      DatabaseUrl url = DatabaseUrl.parse(configuredUrl.get());
      requireReachable(url, "GRIDWATCH_DB_URL");
      return announce(new Provisioned(url, "the configured database (GRIDWATCH_DB_URL) " + url, Optional.empty()));
    }
    String embeddedProblem;
    if (!isRoot()) {
      try {
        return announce(startEmbedded(dataDir.resolve("pg")));
      } catch (IOException | RuntimeException e) {
        embeddedProblem = "the embedded PostgreSQL did not start (" + e.getMessage() + ")";
        LOG.warn("Embedded PostgreSQL failed, trying the local server: {}", e.toString());
      }
    } else {
      embeddedProblem = "the embedded PostgreSQL cannot run as root";
    }
    try {
      DatabaseUrl url = ensureDatabase(LOCAL_SERVER, DEFAULT_DATABASE);
      return announce(new Provisioned(url,
          "the local PostgreSQL server " + url + " (" + embeddedProblem + ")", Optional.empty()));
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(
          "GridWatch found no database. GRIDWATCH_DB_URL is not set; " + embeddedProblem
              + "; and no PostgreSQL server answered on 127.0.0.1:5432 as user postgres ("
              + e.getMessage() + "). Either set GRIDWATCH_DB_URL=postgresql://user:password@host:5432/gridwatch"
              + " to a PostgreSQL 13+ database you own, or run GridWatch as an ordinary (non-root) user"
              + " so it can start its embedded PostgreSQL under ./data/pg, or start a local PostgreSQL"
              + " server that trusts user postgres on 127.0.0.1:5432.", e);
    }
  }

  private static Provisioned announce(Provisioned p) {
    LOG.info("Database: {}", p.description());
    return p;
  }

  private static Provisioned startEmbedded(Path dir) throws IOException {
    Files.createDirectories(dir);
    // An existing data directory is reused as it is (no initdb, no cleaning): that is what
    // makes a restart keep everything.
    EmbeddedPostgres pg = EmbeddedPostgres.builder()
        .setDataDirectory(dir)
        .setCleanDataDirectory(false)
        .setPGStartupWait(java.time.Duration.ofSeconds(60))
        .start();
    DatabaseUrl server = new DatabaseUrl("127.0.0.1", pg.getPort(), "postgres", "postgres", "");
    try {
      DatabaseUrl url = ensureDatabase(server, DEFAULT_DATABASE);
      return new Provisioned(url, "embedded PostgreSQL in " + dir.toAbsolutePath() + " on port " + pg.getPort(), Optional.of(pg));
    } catch (SQLException e) {
      pg.close();
      throw new IOException("embedded PostgreSQL started but refused connections: " + e.getMessage(), e);
    }
  }

  /** Creates {@code database} on the server if it does not exist; returns its URL. */
  public static DatabaseUrl ensureDatabase(DatabaseUrl server, String database) throws SQLException {
    try (Connection c = jdbc(server); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery(
          "SELECT 1 FROM pg_database WHERE datname = '" + database.replace("'", "''") + "'")) {
        if (!rs.next()) {
          s.execute("CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\" ENCODING 'UTF8' TEMPLATE template0");
          LOG.info("Created database {}", database);
        }
      }
    }
    return server.withDatabase(database);
  }

  /** Opens a JDBC connection (set-up and migrations only; the server uses the reactive client). */
  public static Connection jdbc(DatabaseUrl url) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", url.user());
    if (!url.password().isEmpty()) {
      props.setProperty("password", url.password());
    }
    props.setProperty("connectTimeout", "10");
    props.setProperty("ApplicationName", "gridwatch-setup");
    return DriverManager.getConnection(url.jdbcUrl(), props);
  }

  private static void requireReachable(DatabaseUrl url, String from) {
    try (Connection ignored = jdbc(url)) {
      // reachable
    } catch (SQLException e) {
      throw new DatabaseUnavailableException("The database of " + from + " (" + url + ") did not answer: "
          + e.getMessage() + ". Check host, port, database name and credentials.", e);
    }
  }

  /** Whether this process runs as root (uid 0), in which case PostgreSQL will not start. */
  public static boolean isRoot() {
    try {
      return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    } catch (RuntimeException | LinkageError e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }
}
