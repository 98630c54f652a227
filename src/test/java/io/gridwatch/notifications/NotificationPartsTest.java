package io.gridwatch.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridwatch.config.ConfigException;
import io.gridwatch.config.ConfigLoader;
import io.gridwatch.config.GridWatchConfig;
import io.gridwatch.config.NotificationSettings;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pure parts: quiet hours in Beijing time, the zh-CN text, patterns, the settings. */
class NotificationPartsTest {
  private static Instant beijing(String local) {
    return ZonedDateTime.of(java.time.LocalDateTime.parse(local), QuietHours.ZONE).toInstant();
  }

  @Test
  void quiet_hours_over_midnight_release_at_their_end_in_beijing_time() {
    QuietHours night = new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0));
    // 23:30 in Beijing is 15:30 UTC: held until 07:00 the next morning in Beijing.
    assertThat(night.release(beijing("2026-12-03T23:30"))).isEqualTo(beijing("2026-12-04T07:00"));
    assertThat(night.release(beijing("2026-12-04T03:10"))).isEqualTo(beijing("2026-12-04T07:00"));
    assertThat(night.release(beijing("2026-12-04T07:00"))).isEqualTo(beijing("2026-12-04T07:00"));
    assertThat(night.release(beijing("2026-12-04T21:59"))).isEqualTo(beijing("2026-12-04T21:59"));
    assertThat(night.contains(beijing("2026-12-04T22:00"))).isTrue();
    QuietHours lunch = new QuietHours(LocalTime.of(12, 0), LocalTime.of(13, 30));
    assertThat(lunch.release(beijing("2026-12-04T12:45"))).isEqualTo(beijing("2026-12-04T13:30"));
    assertThat(lunch.contains(beijing("2026-12-04T13:30"))).isFalse();
  }

  @Test
  void a_rule_without_an_urgent_setting_lets_incidents_through_quiet_hours_and_holds_the_rest() {
    QuietHours night = new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0));
    Instant late = beijing("2026-12-03T23:00");
    NotificationRule byDefault = rule(night, null);
    assertThat(byDefault.dueAt("incident.opened", late)).isEqualTo(late);
    assertThat(byDefault.dueAt("deadline.overdue", late)).isEqualTo(beijing("2026-12-04T07:00"));
    assertThat(rule(night, true).dueAt("deadline.overdue", late)).isEqualTo(late);
    assertThat(rule(night, false).dueAt("incident.opened", late)).isEqualTo(beijing("2026-12-04T07:00"));
  }

  private static NotificationRule rule(QuietHours quiet, Boolean urgent) {
    return new NotificationRule(1, "r", List.of("incident.*", "deadline.overdue"), "510104", List.of("LEADER"), List.of(),
        null, "webhook", "https://example.org/h", "s".repeat(16), quiet, urgent, 60, true, null, null, null);
  }

  @Test
  void patterns_select_exact_types_and_prefixes_and_the_rules_cell_subtree() {
    assertThat(EventPatterns.matches("incident.*", "incident.opened")).isTrue();
    assertThat(EventPatterns.matches("incident.*", "incidental")).isFalse();
    assertThat(EventPatterns.matches("deadline.overdue", "deadline.warning")).isFalse();
    assertThat(EventPatterns.matches("*", "case.received")).isTrue();
    NotificationRule r = rule(null, null);
    assertThat(r.matches("incident.opened", "510104001002")).isTrue();
    assertThat(r.matches("incident.opened", "510105001")).isFalse();
    assertThat(r.matches("incident.opened", null)).isFalse();
    assertThat(r.matches("case.received", "510104")).isFalse();
  }

  @Test
  void the_text_is_short_zh_cn_and_fits_one_sms() {
    JsonObject incident = new JsonObject().put("grade", "I").put("workers", 45).put("incidentNo", "GW-I-0001")
        .put("employer", new JsonObject().put("name", "成都某建筑劳务有限公司"));
    assertThat(MessageText.of("incident.opened", "510104", incident, c -> "锦江区"))
        .isEqualTo("【群体性事件】I级 成都某建筑劳务有限公司 45人 锦江区 GW-I-0001");
    assertThat(MessageText.of("deadline.overdue", "510104001", new JsonObject().put("caseNo", "GW-20261203-000001")
        .put("kind", "SERVICE_ON_SITE").put("workersInvolved", 3), c -> null))
        .isEqualTo("【超期】GW-20261203-000001 到场时限 已超期 510104001 3人");
    String longName = "某".repeat(200);
    String text = MessageText.of("incident.updated", "510104", new JsonObject().put("employer", longName), c -> "锦江区");
    assertThat(text.codePointCount(0, text.length())).isEqualTo(MessageText.MAX);
    assertThat(text).startsWith("【群体性事件更新】").endsWith("…");
  }

  @Test
  void the_target_shown_hides_query_values_and_urls_with_credentials_are_refused() {
    assertThat(NotificationRule.maskedTarget("https://oapi.example.cn/robot/send?access_token=abc&x=1"))
        .isEqualTo("https://oapi.example.cn/robot/send?access_token=***&x=***");
    assertThat(NotificationRule.maskedTarget("https://example.org/hook")).isEqualTo("https://example.org/hook");
    assertThat(NotificationSettings.webhookUrlProblem("https://u:p@example.org/")).contains("user name or password");
    assertThat(NotificationSettings.webhookUrlProblem("ftp://example.org/")).contains("http or https");
    assertThat(NotificationSettings.webhookUrlProblem("http:///nohost")).isNotNull();
    assertThat(NotificationSettings.webhookUrlProblem("https://example.org/hook?t=1")).isNull();
  }

  @Test
  void the_default_webhook_comes_from_the_environment_and_needs_its_secret() {
    GridWatchConfig none = ConfigLoader.load(Optional.empty(), Map.of(), false);
    assertThat(none.notifications().webhookUrl()).isEmpty();
    assertThat(none.notifications().backoffSeconds()).containsExactly(10, 30, 120, 600);
    assertThat(none.notifications().backoffAfter(1)).isEqualTo(10);
    assertThat(none.notifications().backoffAfter(9)).isEqualTo(600);
    GridWatchConfig set = ConfigLoader.load(Optional.empty(), Map.of(
        "GRIDWATCH_NOTIFICATIONS_WEBHOOK_URL", "https://hooks.example.org/gw",
        "GRIDWATCH_NOTIFICATIONS_WEBHOOK_SECRET", "0123456789abcdef"), false);
    assertThat(set.notifications().webhookUrl()).hasValue("https://hooks.example.org/gw");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(
        "GRIDWATCH_NOTIFICATIONS_WEBHOOK_URL", "https://hooks.example.org/gw?token=zzSECRET"), false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("notifications.webhookSecret")
        .hasMessageNotContaining("zzSECRET");
    assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(
        "GRIDWATCH_NOTIFICATIONS_BACKOFF_SECONDS", "10,soon"), false))
        .isInstanceOf(ConfigException.class).hasMessageContaining("notifications.backoffSeconds");
  }
}
