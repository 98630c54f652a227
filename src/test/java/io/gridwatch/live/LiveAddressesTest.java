package io.gridwatch.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.auth.CurrentUser;
import io.gridwatch.auth.Role;
import io.gridwatch.auth.Scope;
import org.junit.jupiter.api.Test;

/** Where an event goes, and who may listen where. */
class LiveAddressesTest {

  private static CurrentUser user(long id, String grid) {
    return new CurrentUser(id, "u" + id, Role.INSPECTOR, grid, Scope.of(grid), "s");
  }

  @Test
  void an_event_goes_to_the_city_its_cell_each_ancestor_and_each_recipient_once() {
    assertThat(LiveAddresses.forEvent("51010400100101", new Long[] {7L, 9L, 7L}))
        .containsExactly("gw.city", "gw.cell.510104", "gw.cell.510104001", "gw.cell.510104001001",
            "gw.cell.51010400100101", "gw.user.7", "gw.user.9");
    assertThat(LiveAddresses.forEvent("510104001", new Long[0]))
        .containsExactly("gw.city", "gw.cell.510104", "gw.cell.510104001");
  }

  @Test
  void an_unassigned_event_goes_to_the_city_and_its_recipients_only() {
    assertThat(LiveAddresses.forEvent(null, new Long[] {3L})).containsExactly("gw.city", "gw.user.3");
    assertThat(LiveAddresses.forEvent(null, null)).containsExactly("gw.city");
  }

  @Test
  void every_address_published_on_is_in_the_bridge_whitelist() {
    for (String a : LiveAddresses.forEvent("51010400100101", new Long[] {1L, Long.MAX_VALUE})) {
      assertThat(a).matches(LiveAddresses.ALL_REGEX);
    }
  }

  @Test
  void a_district_user_may_listen_inside_the_district_and_on_their_own_address_only() {
    CurrentUser u = user(42, "510104");
    assertThat(LiveAddresses.mayListen(u, "gw.cell.510104")).isTrue();
    assertThat(LiveAddresses.mayListen(u, "gw.cell.510104001")).isTrue();
    assertThat(LiveAddresses.mayListen(u, "gw.cell.51010400100101")).isTrue();
    assertThat(LiveAddresses.mayListen(u, "gw.user.42")).isTrue();

    assertThat(LiveAddresses.mayListen(u, "gw.cell.510105")).isFalse();
    assertThat(LiveAddresses.mayListen(u, "gw.city")).isFalse();
    assertThat(LiveAddresses.mayListen(u, "gw.user.43")).isFalse();
    assertThat(LiveAddresses.mayListen(u, "gw.user.042")).isFalse();
    assertThat(LiveAddresses.mayListen(u, "gw.cell.5101040")).isFalse();
    assertThat(LiveAddresses.mayListen(u, "gw.cell.510104%")).isFalse();
    assertThat(LiveAddresses.mayListen(u, "gw.cell.")).isFalse();
    assertThat(LiveAddresses.mayListen(u, "gw.barrier")).isFalse();
    assertThat(LiveAddresses.mayListen(u, null)).isFalse();
  }

  @Test
  void a_street_user_may_not_listen_on_the_district_above() {
    CurrentUser u = user(5, "510104001");
    assertThat(LiveAddresses.mayListen(u, "gw.cell.510104001001")).isTrue();
    assertThat(LiveAddresses.mayListen(u, "gw.cell.510104")).isFalse();
    assertThat(LiveAddresses.mayListen(u, "gw.cell.510104002")).isFalse();
  }

  @Test
  void only_city_wide_users_may_listen_on_the_city() {
    CurrentUser city = user(1, null);
    assertThat(LiveAddresses.mayListen(city, "gw.city")).isTrue();
    assertThat(LiveAddresses.mayListen(city, "gw.cell.510185")).isTrue();
    assertThat(LiveAddresses.mayListen(city, "gw.user.2")).isFalse();
  }
}
