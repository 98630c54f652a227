package io.gridwatch.cases;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.auth.Role;
import io.gridwatch.testing.MutableClock;
import io.gridwatch.testing.NeedsDatabase;
import io.gridwatch.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A year nobody has loaded the State Council's notice for does not stop the service: complaints
 * are filed and timed on weekends only, and their deadlines say they are provisional. An operator
 * adds the year's file to the directory named by {@code clocks.calendarDir} and restarts, without
 * a rebuild; from then on the year's holidays count and nothing is provisional.
 */
@NeedsDatabase
class CalendarYearsApiTest {
  /** Wednesday 1 March 2028, 09:00 Beijing time: no cn-2028.json is bundled. */
  private static final OffsetDateTime MARCH_2028 = OffsetDateTime.parse("2028-03-01T09:00:00+08:00");

  private static JsonObject file(TestServer server) {
    JsonObject body = CaseApiTest.complaint().put("category", "WAGE_ARREARS");
    HttpResponse<String> r = server.asNew(Role.OPERATOR).send(HttpRequest.newBuilder(server.uri("/api/complaints"))
        .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return TestServer.json(r);
  }

  private static Map<String, JsonObject> deadlines(JsonObject c) {
    return c.getJsonArray("deadlines").stream().map(JsonObject.class::cast)
        .collect(Collectors.toMap(d -> d.getString("kind"), d -> d));
  }

  @Test
  void a_year_without_a_holiday_file_is_counted_on_weekends_and_marked_provisional_never_refused() {
    try (TestServer server = TestServer.start(true, Map.of(), new MutableClock(MARCH_2028.toInstant()))) {
      JsonObject c = file(server);
      Map<String, JsonObject> d = deadlines(c);
      // Five weekdays after Wed 1 March 2028: Thu 2, Fri 3, Mon 6, Tue 7, Wed 8.
      assertThat(d.get("LEGAL_ACCEPT").getString("dueAt")).startsWith("2028-03-09T00:00");
      assertThat(d.get("LEGAL_ACCEPT").getBoolean("provisional")).isTrue();
      assertThat(d.get("SERVICE_REGISTER").getBoolean("provisional")).isTrue();
      assertThat(d.get("SERVICE_CLOSE").getBoolean("provisional")).isFalse(); // calendar days
      assertThat(c.getJsonObject("nextDeadline").getBoolean("provisional")).isTrue();
      // The list shows the same flag on the next deadline (当天立案), for the wall's warning.
      JsonObject list = TestServer.json(server.asNew(Role.SUPERVISOR).get("/api/cases?open=true"));
      assertThat(list.getJsonArray("items").stream().map(JsonObject.class::cast)
          .filter(i -> i.getLong("caseId").equals(c.getLong("caseId"))).findFirst().orElseThrow()
          .getJsonObject("nextDeadline").getBoolean("provisional")).isTrue();
      HttpResponse<String> reg = server.asNew(Role.SUPERVISOR).postJson("/api/cases/" + c.getLong("caseId")
          + "/transitions", new JsonObject().put("action", "register").put("expectedVersion", c.getLong("version"))
          .encode());
      assertThat(reg.statusCode()).as(reg.body()).isEqualTo(200);
      assertThat(deadlines(TestServer.json(reg)).get("LEGAL_INVESTIGATE").getBoolean("provisional")).isTrue();
    }
  }

  @Test
  void a_calendar_file_dropped_into_the_configured_directory_counts_after_a_restart_without_a_rebuild(
      @TempDir Path dir) throws Exception {
    // An invented 2028 file (the real notice will differ): 2 and 3 March are days off.
    Files.writeString(dir.resolve("cn-2028.json"), """
        {"year": 2028, "verified": true, "source": "test",
         "holidays": [{"name": "测试假日", "from": "2028-03-02", "to": "2028-03-03"}],
         "makeUpWorkdays": []}""");
    // And a promise table of the bureau's own: its office closes at 18:00.
    Files.writeString(dir.resolve("service-promises.json"), """
        {"workdayEndsAt": "18:00",
         "rules": [{"category": "*", "urgency": "*", "registerSameDay": true, "closeWithinDays": 10}]}""");
    try (TestServer server = TestServer.start(true, Map.of("GRIDWATCH_CLOCKS_CALENDAR_DIR", dir.toString()),
        new MutableClock(MARCH_2028.toInstant()))) {
      Map<String, JsonObject> d = deadlines(file(server));
      // Mon 6, Tue 7, Wed 8, Thu 9, Fri 10 March.
      assertThat(d.get("LEGAL_ACCEPT").getString("dueAt")).startsWith("2028-03-11T00:00");
      assertThat(d.get("LEGAL_ACCEPT").getBoolean("provisional")).isFalse();
      assertThat(d.get("SERVICE_CLOSE").getString("dueAt")).startsWith("2028-03-12T00:00");
    }
  }
}
