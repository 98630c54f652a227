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
}
