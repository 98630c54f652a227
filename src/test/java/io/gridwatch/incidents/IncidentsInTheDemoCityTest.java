package io.gridwatch.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.auth.Role;
import io.gridwatch.testing.NeedsDatabase;
import io.gridwatch.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The demo city (--demo) has mass incidents of its own: its invented complaints include groups of
 * 30 and more workers of one employer or construction project, and the detector opens incidents
 * for them, with no demo code of their own. Fast traffic (1,200 complaints a minute, seed 42).
 */
@NeedsDatabase
class IncidentsInTheDemoCityTest {
  @Test
  void the_demo_traffic_opens_mass_incidents() throws Exception {
    try (TestServer server = TestServer.start(true, Map.of("GRIDWATCH_DEMO_PASSWORD", "demo password for tests",
        "GRIDWATCH_DEMO_COMPLAINTS_PER_MINUTE", "1200", "GRIDWATCH_DEMO_SEED", "42"), Clock.systemUTC(), true)) {
      long end = System.nanoTime() + Duration.ofSeconds(180).toNanos();
      JsonArray items = new JsonArray();
      while (items.isEmpty()) {
        assertThat(System.nanoTime()).as("an incident opens in the demo city").isLessThan(end);
        Thread.sleep(500); // polling a condition with a deadline
        HttpResponse<String> r = server.as(Role.LEADER).get("/api/incidents?open=true");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        items = TestServer.json(r).getJsonArray("items");
      }
      JsonObject incident = items.getJsonObject(0);
      assertThat(incident.getInteger("workers")).isGreaterThanOrEqualTo(30);
      assertThat(incident.getString("openedBy")).isEqualTo("SYSTEM");
      assertThat(incident.getJsonArray("caseIds")).isNotEmpty();
      assertThat(incident.getString("cellCode")).isNotNull();
    }
  }
}
