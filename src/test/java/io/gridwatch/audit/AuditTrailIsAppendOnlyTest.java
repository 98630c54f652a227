package io.gridwatch.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridwatch.store.DatabaseProvisioner;
import io.gridwatch.store.DatabaseUrl;
import io.gridwatch.store.Migrations;
import io.gridwatch.testing.NeedsDatabase;
import io.gridwatch.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The database itself refuses to change the audit trail, whoever asks: here the superuser
 * {@code postgres}, who owns the table.
 */
@NeedsDatabase
class AuditTrailIsAppendOnlyTest {
  private static DatabaseUrl db;

  @BeforeAll
  static void migrate() {
    db = TestDatabase.create();
    Migrations.migrate(db);
  }

  private static long insert(Statement s, String at) throws SQLException {
    try (ResultSet rs = s.executeQuery("INSERT INTO audit_log (actor_name, action, outcome, at) VALUES "
        + "('admin', 'test.action', 'SUCCESS', " + at + ") RETURNING id")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void a_recorded_line_cannot_be_updated_deleted_or_truncated_even_by_the_owner() throws SQLException {
    try (Connection c = DatabaseProvisioner.jdbc(db); Statement s = c.createStatement()) {
      long id = insert(s, "now()");
      assertThatThrownBy(() -> s.executeUpdate("UPDATE audit_log SET outcome = 'FAILURE' WHERE id = " + id))
          .hasMessageContaining("append-only");
      assertThatThrownBy(() -> s.executeUpdate("DELETE FROM audit_log WHERE id = " + id))
          .hasMessageContaining("retention");
      assertThatThrownBy(() -> s.executeUpdate("TRUNCATE audit_log")).hasMessageContaining("append-only");
      try (ResultSet rs = s.executeQuery("SELECT outcome FROM audit_log WHERE id = " + id)) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("SUCCESS");
      }
    }
  }

  @Test
  void only_lines_past_the_retention_period_may_be_purged() throws SQLException {
    try (Connection c = DatabaseProvisioner.jdbc(db); Statement s = c.createStatement()) {
      long old = insert(s, "now() - interval '200 days'");
      long recent = insert(s, "now() - interval '170 days'");
      assertThat(s.executeUpdate("DELETE FROM audit_log WHERE id = " + old)).isEqualTo(1);
      assertThatThrownBy(() -> s.executeUpdate("DELETE FROM audit_log WHERE id = " + recent))
          .hasMessageContaining("retention");
    }
  }

  @Test
  void the_retention_period_cannot_be_set_below_180_days_nor_removed() throws SQLException {
    try (Connection c = DatabaseProvisioner.jdbc(db); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeUpdate("UPDATE audit_setting SET retention_days = 30"))
          .hasMessageContaining("check");
      assertThatThrownBy(() -> s.executeUpdate("DELETE FROM audit_setting")).hasMessageContaining("cannot be deleted");
      assertThat(s.executeUpdate("UPDATE audit_setting SET retention_days = 365")).isEqualTo(1);
      assertThat(s.executeUpdate("UPDATE audit_setting SET retention_days = 180")).isEqualTo(1);
    }
  }
}
