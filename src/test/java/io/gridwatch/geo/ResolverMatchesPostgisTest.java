package io.gridwatch.geo;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.store.DatabaseProvisioner;
import io.gridwatch.store.DatabaseUrl;
import io.gridwatch.testing.NeedsDatabase;
import io.gridwatch.testing.TestServer;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The resolver against PostGIS: for random points over the demo city, the deepest cell GridWatch
 * answers is the one PostGIS {@code ST_Covers} says covers the point, on the very polygons
 * GridWatch stored, apart from the documented snap and boundary cases. Needs the PostGIS
 * extension on the test server ({@code apt-get install postgresql-15-postgis-3}; .ci/run does).
 */
@NeedsDatabase
class ResolverMatchesPostgisTest {

  @Test
  void every_random_point_resolves_to_a_cell_postgis_says_covers_it() throws SQLException {
    TestServer server = TestServer.shared();
    DatabaseUrl url = DatabaseUrl.parse(server.app().config().dbUrl().orElseThrow());
    GridResolver resolver = server.app().grid().snapshot().resolver();
    int n = 20_000;
    double[] lons = new double[n];
    double[] lats = new double[n];
    Random random = new Random(42);
    for (int i = 0; i < n; i++) {
      // Chengdu's bounding box, slightly widened so that points outside the coverage occur.
      lons[i] = 102.95 + random.nextDouble() * (104.95 - 102.95);
      lats[i] = 30.05 + random.nextDouble() * (31.45 - 30.05);
    }
    try (Connection c = DatabaseProvisioner.jdbc(url)) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE EXTENSION IF NOT EXISTS postgis");
        s.execute("CREATE TEMP TABLE leaf AS SELECT code, ST_GeomFromWKB(geom_wkb, 4326) AS g FROM grid_cell "
            + "WHERE valid_to IS NULL AND level = 3");
        s.execute("CREATE INDEX ON leaf USING gist (g)");
      }
      String sql = """
          SELECT p.i, (SELECT array_agg(code ORDER BY code) FROM leaf WHERE ST_Covers(leaf.g, p.pt)) AS codes
            FROM (SELECT i, ST_SetSRID(ST_MakePoint(x, y), 4326) AS pt
                    FROM unnest(?::float8[], ?::float8[]) WITH ORDINALITY AS t(x, y, i)) p
           ORDER BY p.i""";
      int compared = 0;
      int exact = 0;
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setArray(1, c.createArrayOf("float8", Arrays.stream(lons).boxed().toArray()));
        ps.setArray(2, c.createArrayOf("float8", Arrays.stream(lats).boxed().toArray()));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            int i = rs.getInt(1) - 1;
            Array arr = rs.getArray(2);
            Set<String> covering = arr == null ? Set.of() : new HashSet<>(List.of((String[]) arr.getArray()));
            Optional<Resolution> r = resolver.resolve(lons[i], lats[i]);
            String where = "point " + lons[i] + "," + lats[i] + " postgis=" + covering + " gridwatch=" + r;
            if (covering.isEmpty()) {
              // Not covered by any leaf: either outside (empty), snapped to a nearby leaf, or a
              // shallower cell's gap fallback; never a leaf answered as if it covered the point.
              r.ifPresent(res -> assertThat(res.snapped() || res.cells().get(0).level() < 3).as(where).isTrue());
              continue;
            }
            assertThat(r).as(where).isPresent();
            Resolution res = r.get();
            assertThat(res.snapped()).as(where).isFalse();
            String leaf = res.cells().get(0).code();
            assertThat(covering).as(where).contains(leaf);
            // Deterministic rule: the lowest code among the covering cells.
            assertThat(leaf).as(where).isEqualTo(covering.stream().sorted().findFirst().orElseThrow());
            if (covering.size() > 1) {
              assertThat(res.boundary()).as(where).isTrue();
            }
            compared++;
            exact++;
          }
        }
      }
      assertThat(compared).as("points inside the grid").isGreaterThan(n / 4);
      assertThat(exact).isEqualTo(compared);
    }
  }
}
