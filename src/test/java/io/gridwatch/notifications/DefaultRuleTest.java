package io.gridwatch.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.auth.Role;
import io.gridwatch.auth.User;
import io.gridwatch.testing.NeedsDatabase;
import io.gridwatch.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * With {@code GRIDWATCH_NOTIFICATIONS_WEBHOOK_URL} set, the default rule "群体性事件 → 监察大队和领导"
 * is enabled at start and posts mass incidents to the city's leadership and the brigade (the
 * supervisors of the level-1 district), not to the squads below nor to other roles.
 */
@NeedsDatabase
class DefaultRuleTest {
  private static final String SECRET = "default-rule-secret-abcdef";

  private static JsonArray sent(TestServer server) {
    return TestServer.json(server.as(Role.ADMIN).get("/api/notifications/deliveries?status=SENT")).getJsonArray("items");
  }

  @Test
  void a_configured_webhook_enables_the_default_rule_for_leaders_and_the_brigades_supervisors() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      TestServer server = TestServer.start(true, Map.of(
          "GRIDWATCH_NOTIFICATIONS_WEBHOOK_URL", receiver.url("/incidents"),
          "GRIDWATCH_NOTIFICATIONS_WEBHOOK_SECRET", SECRET,
          "GRIDWATCH_NOTIFICATIONS_POLL_MILLIS", "100"), Clock.systemUTC());
      try {
        JsonObject rule = TestServer.json(server.as(Role.ADMIN).get("/api/notifications/rules")).getJsonArray("items")
            .stream().map(JsonObject.class::cast).filter(r -> "incident-default".equals(r.getString("builtin")))
            .findFirst().orElseThrow();
        assertThat(rule.getBoolean("enabled")).isTrue();
        assertThat(rule.getString("target")).isEqualTo(receiver.url("/incidents"));
        assertThat(rule.encode()).doesNotContain(SECRET);

        User leader = server.createUser("d-leader", Role.LEADER, null, TestServer.PASSWORD);
        User brigade = server.createUser("d-sup-510104", Role.SUPERVISOR, "510104", TestServer.PASSWORD);
        User squad = server.createUser("d-sup-510104001", Role.SUPERVISOR, "510104001", TestServer.PASSWORD);
        User otherDistrict = server.createUser("d-sup-510105", Role.SUPERVISOR, "510105", TestServer.PASSWORD);
        User inspector = server.createUser("d-insp-510104", Role.INSPECTOR, "510104", TestServer.PASSWORD);
        OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC);
        JsonObject payload = new JsonObject().put("type", "incident.opened").put("at", at.toString())
            .put("cellCode", "510104001001").put("data", new JsonObject().put("grade", "I").put("workers", 60)
                .put("employer", new JsonObject().put("name", "成都某建筑劳务有限公司")));
        server.app().pool().withTransaction(conn -> conn.preparedQuery(
                "WITH s AS (UPDATE event_seq SET last = last + 1 RETURNING last)"
                    + " INSERT INTO event_outbox (seq, event_id, case_id, cell_code, type, at, payload)"
                    + " SELECT s.last, $1, NULL, $2, 'incident.opened', $3, $4::jsonb || jsonb_build_object('seq', s.last)"
                    + " FROM s").execute(Tuple.of(UUID.randomUUID(), "510104001001", at, payload))).await();

        // Both messages recorded as SENT (the receiver may hear them a moment before that commits).
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (sent(server).size() < 2 && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        // Further rounds add nothing.
        server.app().notifications().dispatcher().dispatchAll().await();
        server.app().notifications().sender().sendAll().await();
        assertThat(receiver.at("/incidents")).hasSize(2);
        Set<Long> to = receiver.at("/incidents").stream().map(r -> r.json().getJsonObject("recipient").getLong("userId"))
            .collect(Collectors.toSet());
        assertThat(to).containsExactlyInAnyOrder(leader.id(), brigade.id());
        assertThat(to).doesNotContain(squad.id(), otherDistrict.id(), inspector.id());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        for (var r : receiver.at("/incidents")) {
          assertThat(r.headers().get("x-gridwatch-signature")).isEqualTo("sha256=" + HexFormat.of().formatHex(mac.doFinal(r.body())));
          assertThat(r.json().getString("text")).startsWith("【群体性事件】I级 成都某建筑劳务有限公司 60人");
        }
        assertThat(sent(server)).hasSize(2);
      } finally {
        server.close();
      }
    }
  }
}
