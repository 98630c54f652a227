package io.gridwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  @Test
  void with_nothing_set_the_defaults_apply() {
    GridWatchConfig c = ConfigLoader.load(Optional.empty(), Map.of(), false);
    assertThat(c.httpPort()).isEqualTo(8080);
    assertThat(c.dbUrl()).isEmpty();
    assertThat(c.gridBoundaryMeters()).isEqualTo(30);
    assertThat(c.gridSnapMeters()).isEqualTo(200);
    assertThat(c.gridMaxBatchPoints()).isEqualTo(10_000);
    assertThat(c.httpMaxBodyBytes()).isEqualTo(1024 * 1024);
  }

  @Test
  void a_json_file_overrides_defaults_and_the_environment_overrides_the_file() throws Exception {
    Path file = dir.resolve("gw.json");
    Files.writeString(file, "{\"http\": {\"port\": 9000}, \"grid.snapMeters\": 150, \"grid\": {\"boundaryMeters\": 10}}");
    GridWatchConfig c = ConfigLoader.load(Optional.of(file), Map.of("GRIDWATCH_HTTP_PORT", "9100"), false);
    assertThat(c.httpPort()).isEqualTo(9100);
    assertThat(c.gridSnapMeters()).isEqualTo(150);
    assertThat(c.gridBoundaryMeters()).isEqualTo(10);
  }

  @Test
  void a_properties_file_works_too() throws Exception {
    Path file = dir.resolve("gw.properties");
    Files.writeString(file, "db.url=postgresql://gw:secret@db.example:5433/gw\ngrid.maxBatchPoints=500\n");
    GridWatchConfig c = ConfigLoader.load(Optional.of(file), Map.of(), false);
    assertThat(c.dbUrl()).hasValue("postgresql://gw:secret@db.example:5433/gw");
    assertThat(c.gridMaxBatchPoints()).isEqualTo(500);
  }

  @Test
  void every_bad_value_is_reported_at_once_with_its_source() throws Exception {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "{\"http\": {\"port\": 70000}, \"grid\": {\"snapMeters\": \"far\"}, \"gird\": 1}");
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(Optional.of(file),
        Map.of("GRIDWATCH_DB_POOL_SIZE", "zero", "GRIDWATCH_DB_URL", "mysql://x/y",
            "GRIDWATCH_GRID_SEED_ON_EMPTY", "maybe"), false));
    assertThat(e.problems()).hasSize(6);
    assertThat(e.getMessage())
        .contains("http.port = 70000 is out of range", "config file")
        .contains("grid.snapMeters = 'far' is not a number")
        .contains("unknown key 'gird'")
        .contains("db.poolSize = 'zero'", "environment variable GRIDWATCH_DB_POOL_SIZE")
        .contains("scheme must be postgresql://")
        .contains("grid.seedOnEmpty = 'maybe' must be true or false");
  }

  @Test
  void an_unreadable_or_malformed_file_is_a_clear_problem() throws Exception {
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{ not json");
    assertThat(catchThrowableOfType(ConfigException.class,
        () -> ConfigLoader.load(Optional.of(broken), Map.of(), false)).getMessage()).contains("not valid JSON");
    assertThat(catchThrowableOfType(ConfigException.class,
        () -> ConfigLoader.load(Optional.of(dir.resolve("missing.json")), Map.of(), false)).getMessage())
        .contains("cannot be read");
  }

  @Test
  void environment_names_follow_the_keys() {
    assertThat(ConfigKeys.envName("http.port")).isEqualTo("GRIDWATCH_HTTP_PORT");
    assertThat(ConfigKeys.envName("db.url")).isEqualTo("GRIDWATCH_DB_URL");
    assertThat(ConfigKeys.envName("grid.snapMeters")).isEqualTo("GRIDWATCH_GRID_SNAP_METERS");
  }

  @Test
  void accounts_have_safe_defaults_and_the_api_s_environment_names() {
    GridWatchConfig c = ConfigLoader.load(Optional.empty(), Map.of(), false);
    assertThat(c.authIdleTimeoutMinutes()).isEqualTo(30);
    assertThat(c.authLockoutAttempts()).isEqualTo(5);
    assertThat(c.authLockoutMinutes()).isEqualTo(10);
    assertThat(c.authLoginRatePerMinute()).isEqualTo(20);
    assertThat(c.adminPassword()).isEmpty();
    assertThat(ConfigKeys.envName(ConfigKeys.AUTH_ADMIN_PASSWORD)).isEqualTo("GRIDWATCH_ADMIN_PASSWORD");
    assertThat(ConfigKeys.envName(ConfigKeys.DEMO_PASSWORD)).isEqualTo("GRIDWATCH_DEMO_PASSWORD");
    assertThat(ConfigKeys.envName(ConfigKeys.AUTH_IDLE_TIMEOUT_MINUTES)).isEqualTo("GRIDWATCH_AUTH_IDLE_TIMEOUT_MINUTES");
    GridWatchConfig set = ConfigLoader.load(Optional.empty(), Map.of("GRIDWATCH_ADMIN_PASSWORD", "s3cret-admin-pw",
        "GRIDWATCH_AUTH_IDLE_TIMEOUT_MINUTES", "15"), false);
    assertThat(set.adminPassword()).hasValue("s3cret-admin-pw");
    assertThat(set.authIdleTimeoutMinutes()).isEqualTo(15);
    assertThat(set.toString()).doesNotContain("s3cret-admin-pw").contains("adminPassword=***");
  }

  @Test
  void demo_mode_without_the_demo_password_refuses_to_start_and_says_what_to_set() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ConfigLoader.load(Optional.empty(), Map.of(), true));
    assertThat(e.getMessage()).contains("--demo").contains("GRIDWATCH_DEMO_PASSWORD");
    assertThat(ConfigLoader.load(Optional.empty(), Map.of("GRIDWATCH_DEMO_PASSWORD", "demo pass 123"), true)
        .demoPassword()).hasValue("demo pass 123");
  }

  @Test
  void out_of_range_account_settings_are_reported() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(Optional.empty(),
        Map.of("GRIDWATCH_AUTH_LOCKOUT_ATTEMPTS", "0", "GRIDWATCH_AUTH_IDLE_TIMEOUT_MINUTES", "forever"), false));
    assertThat(e.problems()).hasSize(2);
    assertThat(e.getMessage()).contains("auth.lockoutAttempts = 0 is out of range")
        .contains("auth.idleTimeoutMinutes = 'forever' is not a whole number");
  }

  @Test
  void evidence_lives_under_the_data_directory_unless_told_otherwise_with_a_10_mib_limit() throws Exception {
    GridWatchConfig defaults = ConfigLoader.load(Optional.empty(), Map.of(), false);
    assertThat(defaults.evidence().dir()).isEqualTo(Path.of("data", "evidence"));
    assertThat(defaults.evidence().maxBytes()).isEqualTo(10_485_760L);
    GridWatchConfig moved = ConfigLoader.load(Optional.empty(), Map.of("GRIDWATCH_DATA_DIR", "/srv/gw"), false);
    assertThat(moved.evidence().dir()).isEqualTo(Path.of("/srv/gw/evidence"));
    Path file = dir.resolve("gw.json");
    Files.writeString(file, "{\"evidence\": {\"dir\": \"/mnt/photos\", \"maxBytes\": 5242880}}");
    GridWatchConfig told = ConfigLoader.load(Optional.of(file), Map.of("GRIDWATCH_EVIDENCE_MAX_BYTES", "2097152"), false);
    assertThat(told.evidence().dir()).isEqualTo(Path.of("/mnt/photos"));
    assertThat(told.evidence().maxBytes()).isEqualTo(2_097_152L);
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(Optional.empty(),
        Map.of("GRIDWATCH_EVIDENCE_MAX_BYTES", "0"), false));
    assertThat(e.getMessage()).contains("evidence.maxBytes = 0 is out of range")
        .contains("GRIDWATCH_EVIDENCE_MAX_BYTES");
  }
}
