package io.gridwatch.cases;

import static io.gridwatch.testing.Problems.assertField;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.auth.Role;
import io.gridwatch.testing.CaseFlows;
import io.gridwatch.testing.NeedsDatabase;
import io.gridwatch.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reading a case never fails because of another case's data (issue 10, item 3): a complaint at
 * lon/lat {@code 1e-320} was stored, answered 500, and from then on that case and every case
 * "related" to it answered 500 (PostgreSQL raised an underflow in select-related.sql). Intake now
 * refuses such coordinates, and rows an older version stored are read without harm. On a server
 * of its own (no grid: every case is unassigned, which is all these cases need), since it stores
 * rows no current version can make.
 */
@NeedsDatabase
class CaseReadsCannotBePoisonedTest {
  private static TestServer server;
  private static CaseFlows flows;

  @BeforeAll
  static void start() {
    server = TestServer.start(false);
    flows = new CaseFlows(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void a_case_stored_at_1e_320_by_an_older_version_and_its_related_case_both_read_fine() {
    JsonObject poisoned = flows.file(CaseFlows.complaint(0, 0, 3));
    JsonObject neighbour = flows.file(CaseFlows.complaint(0, 0, 5));
    // As an older version stored it: subnormal coordinates, which intake no longer takes.
    server.app().pool().preparedQuery("UPDATE case_file SET lon = $2, lat = $2, lon_wgs84 = $2, lat_wgs84 = $2 WHERE id = $1")
        .execute(Tuple.of(poisoned.getLong("caseId"), 1e-320)).await();
    Double stored = server.app().pool().preparedQuery("SELECT lat_wgs84 FROM case_file WHERE id = $1")
        .execute(Tuple.of(poisoned.getLong("caseId"))).await().iterator().next().getDouble(0);
    assertThat(stored).as("the row holds the subnormal value").isEqualTo(1e-320);

    for (JsonObject c : List.of(poisoned, neighbour)) {
      HttpResponse<String> r = server.as(Role.SUPERVISOR).get("/api/cases/" + c.getLong("caseId"));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonArray related = TestServer.json(r).getJsonArray("related");
      long other = c == poisoned ? neighbour.getLong("caseId") : poisoned.getLong("caseId");
      assertThat(related.stream().map(x -> ((JsonObject) x).getLong("caseId")))
          .as("the other case, 0 m away, is suggested as related: %s", related).contains(other);
    }
    HttpResponse<String> list = server.as(Role.SUPERVISOR).get("/api/cases?unassigned=true");
    assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
  }

  @Test
  void a_complaint_at_1e_320_is_refused_and_nothing_is_stored() {
    long before = caseCount();
    for (double tiny : new double[] {1e-320, -1e-320, 1e-300, 5e-10}) {
      HttpResponse<String> r = file(CaseFlows.complaint(tiny, tiny, 1));
      assertField(r, "location.lon");
      assertField(r, "location.lat");
    }
    assertThat(caseCount()).isEqualTo(before);
    // Exactly 0, and the smallest magnitude allowed, are places.
    assertThat(file(CaseFlows.complaint(0, 1e-9, 1)).statusCode()).isEqualTo(201);
  }

  private static HttpResponse<String> file(JsonObject body) {
    return server.as(Role.OPERATOR).send(HttpRequest.newBuilder(server.uri("/api/complaints"))
        .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
  }

  private static long caseCount() {
    return server.app().pool().query("SELECT count(*) FROM case_file").execute().await().iterator().next().getLong(0);
  }
}
