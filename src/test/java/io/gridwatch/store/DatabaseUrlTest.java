package io.gridwatch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseUrlTest {
  @Test
  void a_full_url_gives_every_part_and_hides_the_password_when_printed() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://gw:s%40cret@db.local:5433/gridwatch");
    assertThat(url).isEqualTo(new DatabaseUrl("db.local", 5433, "gridwatch", "gw", "s@cret"));
    assertThat(url.toString()).doesNotContain("s@cret").contains("***");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.local:5433/gridwatch");
    assertThat(DatabaseUrl.parse(url.withCredentials())).isEqualTo(url);
  }

  @Test
  void port_and_user_have_defaults() {
    DatabaseUrl url = DatabaseUrl.parse("postgres://localhost/gw");
    assertThat(url.port()).isEqualTo(5432);
    assertThat(url.user()).isEqualTo("postgres");
  }

  @Test
  void malformed_urls_say_what_is_missing() {
    assertThatThrownBy(() -> DatabaseUrl.parse("mysql://h/db")).hasMessageContaining("scheme");
    assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://h")).hasMessageContaining("database name");
    assertThatThrownBy(() -> DatabaseUrl.parse("postgresql:///db")).hasMessageContaining("host");
    assertThatThrownBy(() -> DatabaseUrl.parse("post gres://")).hasMessageContaining("not a URL");
  }
}
