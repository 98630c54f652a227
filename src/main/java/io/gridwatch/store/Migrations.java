package io.gridwatch.store;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies the Flyway migrations in {@code db/migration}. Blocking: start-up or worker only. */
public final class Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {}

  public static void migrate(DatabaseUrl url) {
    MigrateResult result = Flyway.configure()
        .dataSource(url.jdbcUrl(), url.user(), url.password())
        .locations("classpath:db/migration")
        .connectRetries(3)
        .load()
        .migrate();
    if (result.migrationsExecuted == 0) {
      LOG.info("Database schema is up to date");
    } else {
      LOG.info("Database schema migrated to version {} ({} migration(s) applied)",
          result.targetSchemaVersion, result.migrationsExecuted);
    }
  }
}
