package io.gridwatch.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.audit.AuditLog;
import io.gridwatch.auth.Role;
import io.gridwatch.cases.clock.WorkingCalendar;
import io.gridwatch.employers.CreditCode;
import io.gridwatch.testing.CaseFlows;
import io.gridwatch.testing.NeedsDatabase;
import io.gridwatch.testing.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Several nodes sweeping one database: besides the server's own detector, two more on Vert.x
 * instances and pools of their own sweep as fast as they can while complaints of many employers
 * cross the threshold. Each employer gets exactly one incident, holding all its cases and all
 * their workers, announced once.
 */
@NeedsDatabase
class IncidentSweepersRaceTest {
  private static final int EMPLOYERS = 8;
  private static final int CASES_EACH = 4;

  @Test
  void two_more_sweepers_on_one_database_never_open_an_incident_twice() throws Exception {
    try (TestServer server = TestServer.start(true, Map.of("GRIDWATCH_INCIDENTS_SWEEP_MILLIS", "50"),
        Clock.systemUTC())) {
      CaseFlows flows = new CaseFlows(server);
      var resolver = server.app().grid().snapshot().resolver();
      HttpResponse<String> cellsResponse = server.as(Role.OPERATOR).get("/api/grid/cells?level=3");
      var feature = TestServer.json(cellsResponse).getJsonArray("features").getJsonObject(3);
      String cell = feature.getJsonObject("properties").getString("code");
      var point = resolver.cell(cell).orElseThrow().geometry().getInteriorPoint();

      List<Vertx> nodes = new ArrayList<>();
      List<Pool> pools = new ArrayList<>();
      List<IncidentStore> stores = new ArrayList<>();
      for (int n = 0; n < 2; n++) {
        Vertx v = Vertx.vertx();
        Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2))
            .connectingTo(server.app().database().url().connectOptions()).using(v).build();
        nodes.add(v);
        pools.add(pool);
        stores.add(new IncidentStore(pool, new AuditLog(pool), server.app().config().incidents(),
            WorkingCalendar.loadBundled()));
      }
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicInteger sweeps = new AtomicInteger();
      List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
      ExecutorService threads = Executors.newFixedThreadPool(2);
      try {
        for (IncidentStore store : stores) {
          threads.submit(() -> {
            while (running.get()) {
              try {
                Future.await(store.detect(java.time.Instant.now(), 3));
                Future.await(store.sweepOnSite(java.time.Instant.now(), 10));
                sweeps.incrementAndGet();
              } catch (RuntimeException e) {
                failures.add(e);
              }
            }
          });
        }
        Map<String, List<Long>> casesOf = new HashMap<>();
        for (int round = 0; round < CASES_EACH; round++) {
          for (int e = 0; e < EMPLOYERS; e++) {
            String first17 = "91" + cell.substring(0, 6) + String.format("%09d", 424_242_000 + e);
            String code = first17 + CreditCode.checkCharacter(first17);
            JsonObject body = CaseFlows.complaint(point.getX(), point.getY(), 10);
            body.getJsonObject("employer").put("creditCode", code);
            casesOf.computeIfAbsent(code, k -> new ArrayList<>()).add(flows.file(body).getLong("caseId"));
          }
        }
        long last = server.app().pool().query("SELECT max(seq) AS s FROM event_outbox").execute().await().iterator()
            .next().getLong("s");
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (server.app().pool().query("SELECT last_seq FROM incident_sweep").execute().await().iterator().next()
            .getLong("last_seq") < last) {
          assertThat(System.nanoTime()).as("the sweepers catch up").isLessThan(end);
          Thread.sleep(20); // polling a condition with a deadline, not waiting for a fixed time
        }
        running.set(false);
        threads.shutdown();
        assertThat(threads.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(failures).isEmpty();
        assertThat(sweeps.get()).as("the extra sweepers really swept").isGreaterThan(10);

        for (var entry : casesOf.entrySet()) {
          List<Row> incidents = new ArrayList<>();
          server.app().pool().preparedQuery("SELECT id, workers, (SELECT array_agg(case_id) FROM incident_case ic"
                  + " WHERE ic.incident_id = i.id) AS cases FROM incident i WHERE key_value = $1")
              .execute(io.vertx.sqlclient.Tuple.of(entry.getKey())).await().forEach(incidents::add);
          assertThat(incidents).as("incidents of " + entry.getKey()).hasSize(1);
          assertThat(incidents.get(0).getInteger("workers")).isEqualTo(10 * CASES_EACH);
          assertThat(incidents.get(0).getArrayOfLongs("cases")).containsExactlyInAnyOrderElementsOf(entry.getValue());
          long opened = server.app().pool().preparedQuery("SELECT count(*) AS n FROM event_outbox"
                  + " WHERE type = 'incident.opened' AND (payload -> 'data' ->> 'incidentId')::bigint = $1")
              .execute(io.vertx.sqlclient.Tuple.of(incidents.get(0).getLong("id"))).await().iterator().next().getLong("n");
          assertThat(opened).isEqualTo(1);
          long timeline = server.app().pool().preparedQuery("SELECT count(*) AS n FROM incident_timeline"
                  + " WHERE incident_id = $1 AND action = 'opened'")
              .execute(io.vertx.sqlclient.Tuple.of(incidents.get(0).getLong("id"))).await().iterator().next().getLong("n");
          assertThat(timeline).isEqualTo(1);
        }
      } finally {
        running.set(false);
        threads.shutdownNow();
        for (Pool p : pools) {
          p.close().await();
        }
        for (Vertx v : nodes) {
          v.close().await();
        }
      }
    }
  }
}
