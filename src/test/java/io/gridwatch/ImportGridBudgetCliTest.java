package io.gridwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.geo.importing.HostileGeometries;
import io.gridwatch.store.DatabaseUrl;
import io.gridwatch.testing.NeedsDatabase;
import io.gridwatch.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code import-grid} on the command line, against a real database: the star of issue 10 is
 * refused with a message naming the feature and the budget and exit code 1, after a district and
 * a street imported with 0.
 */
@NeedsDatabase
class ImportGridBudgetCliTest {
  @TempDir
  Path dir;

  private static String box(String code, String name, double x0, double y0, double x1, double y1) {
    return String.format(java.util.Locale.ROOT, "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
        + "\"properties\":{\"code\":\"%s\",\"name\":\"%s\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
        + "[[[%s,%s],[%s,%s],[%s,%s],[%s,%s],[%s,%s]]]}}]}", code, name, x0, y0, x1, y0, x1, y1, x0, y1, x0, y0);
  }

  private record Run(int status, String out, String err) {}

  private Run importGrid(Path config, int level, Path file) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
    try {
      int status = Main.run(List.of("import-grid", "--level", String.valueOf(level),
          "--config", config.toString(), file.toString()));
      return new Run(status, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void theStarIsRefusedOnTheCommandLineNamingTheFeatureAndTheBudgetWithExitCodeOne()
      throws Exception {
    Path config = dir.resolve("gridwatch.properties");
    DatabaseUrl db = TestDatabase.create();
    Files.writeString(config, "db.url=" + db.withCredentials() + "\n"
        + "grid.seedOnEmpty=false\n");
    Path district = Files.writeString(dir.resolve("district.geojson"),
        box("510104", "锦江区", 104.0, 30.6, 104.2, 30.7));
    Path street = Files.writeString(dir.resolve("street.geojson"),
        box("510104001", "测试街道", 104.0, 30.6, 104.2, 30.7));
    Path star = Files.write(dir.resolve("star.geojson"),
        HostileGeometries.featureCollection("510104001001", "星形社区", HostileGeometries.issueStar()));

    Run one = importGrid(config, 1, district);
    assertThat(one.status()).as(one.err()).isZero();
    Run two = importGrid(config, 2, street);
    assertThat(two.status()).as(two.err()).isZero();

    long started = System.nanoTime();
    Run three = importGrid(config, 3, star);
    long millis = (System.nanoTime() - started) / 1_000_000;
    assertThat(three.status()).isEqualTo(1);
    assertThat(three.out()).as("no report printed").doesNotContain("\"imported\"");
    assertThat(three.err()).contains("import-budget-exceeded", "Feature 0 (code 510104001001)",
        "selfIntersectionsPerFeature", "features[0].geometry");
    assertThat(millis).isLessThan(30_000);
    // The refusal is audited before the command ends (and closes the database).
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        ResultSet rs = c.createStatement().executeQuery("SELECT outcome, detail->>'problem' FROM audit_log"
            + " WHERE action = 'grid.import' ORDER BY id")) {
      List<String> lines = new java.util.ArrayList<>();
      while (rs.next()) {
        lines.add(rs.getString(1) + " " + rs.getString(2));
      }
      assertThat(lines).containsExactly("SUCCESS null", "SUCCESS null", "FAILURE import-budget-exceeded");
    }
  }
}
