package io.gridwatch.testing;

import io.gridwatch.store.DatabaseProvisioner;
import io.gridwatch.store.DatabaseUrl;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Databases for tests: each call to {@link #create()} makes a fresh, empty database on a real
 * PostgreSQL server, dropped when the test JVM exits. The server is {@code GRIDWATCH_TEST_DB_URL}
 * when set, else the local server on 127.0.0.1:5432, else (for non-root users) an embedded one.
 */
public final class TestDatabase {
  /** Set by the fast test layer ({@code -Pfast}): no test may reach a database there. */
  public static final String FAST_LAYER = "gridwatch.test.fastLayer";
  private static DatabaseUrl server;
  private static final List<String> CREATED = new ArrayList<>();

  private TestDatabase() {}

  /** A new empty database; its URL as GridWatch's {@code db.url} expects it. */
  public static synchronized DatabaseUrl create() {
    DatabaseUrl s = server();
    String name = "gridwatch_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try {
      DatabaseUrl url = DatabaseProvisioner.ensureDatabase(s, name);
      CREATED.add(name);
      return url;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database on " + s + ": " + e.getMessage(), e);
    }
  }

  public static synchronized DatabaseUrl server() {
    if (server != null) {
      return server;
    }
    if (Boolean.getBoolean(FAST_LAYER)) {
      throw new IllegalStateException("The fast test layer (mvn -Pfast test) has no database: mark this test class"
          + " @NeedsDatabase (or @NeedsBrowser) so that only the full run takes it");
    }
    String configured = System.getenv("GRIDWATCH_TEST_DB_URL");
    if (configured != null && !configured.isBlank()) {
      server = DatabaseUrl.parse(configured);
    } else if (reachable(DatabaseProvisioner.LOCAL_SERVER)) {
      server = DatabaseProvisioner.LOCAL_SERVER;
    } else if (!DatabaseProvisioner.isRoot()) {
      server = startEmbedded();
    } else {
      throw new IllegalStateException("Tests need PostgreSQL: set GRIDWATCH_TEST_DB_URL or start a server"
          + " on 127.0.0.1:5432 trusting user postgres");
    }
    Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::dropAll, "drop-test-databases"));
    return server;
  }

  private static boolean reachable(DatabaseUrl url) {
    try (Connection ignored = DatabaseProvisioner.jdbc(url)) {
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  private static DatabaseUrl startEmbedded() {
    try {
      EmbeddedPostgres pg = EmbeddedPostgres.builder()
          .setDataDirectory(Files.createTempDirectory("gridwatch-test-pg"))
          .start();
      return new DatabaseUrl("127.0.0.1", pg.getPort(), "postgres", "postgres", "");
    } catch (IOException e) {
      throw new IllegalStateException("embedded PostgreSQL for tests did not start: " + e.getMessage(), e);
    }
  }

  private static synchronized void dropAll() {
    try (Connection c = DatabaseProvisioner.jdbc(server); Statement s = c.createStatement()) {
      for (String name : CREATED) {
        s.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
      }
    } catch (SQLException e) {
      System.err.println("Could not drop test databases " + CREATED + ": " + e.getMessage());
    }
  }
}
