package io.gridwatch.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;

/** The policy's path matching, which must never be narrower than the router's. */
class AccessPolicyMatchingTest {
  private final AccessPolicy policy = AccessPolicy.standard();

  @Test
  void templates_match_one_non_empty_segment_per_parameter() {
    assertThat(AccessPolicy.matches("/api/users/{id}", "/api/users/7")).isTrue();
    assertThat(AccessPolicy.matches("/api/users/{id}", "/api/users/")).isFalse();
    assertThat(AccessPolicy.matches("/api/users/{id}", "/api/users/7/unlock")).isFalse();
    assertThat(AccessPolicy.matches("/api/users/{id}/unlock", "/api/users/7/unlock")).isTrue();
  }

  @Test
  void trailing_slashes_are_ignored_as_the_router_ignores_them() {
    assertThat(AccessPolicy.matches("/api/users", "/api/users/")).isTrue();
    assertThat(AccessPolicy.matches("/api/users", "/api/users//")).isTrue();
    assertThat(AccessPolicy.matches("/api/users/{id}", "/api/users/7/")).isTrue();
  }

  @Test
  void head_is_looked_up_as_get_and_unknown_routes_have_no_row() {
    assertThat(policy.find(HttpMethod.HEAD, "/api/users")).isEqualTo(policy.find(HttpMethod.GET, "/api/users"));
    assertThat(policy.find(HttpMethod.DELETE, "/api/users/7")).isEmpty();
    assertThat(policy.find(HttpMethod.GET, "/api/nothing")).isEmpty();
  }

  @Test
  void only_login_and_the_contract_are_public() {
    assertThat(policy.rules().stream().filter(AccessPolicy.Rule::isPublic)
        .map(r -> r.method() + " " + r.path()))
        .containsExactlyInAnyOrder("POST /api/auth/login", "GET /api/openapi.yaml");
  }

  @Test
  void filing_is_open_to_exactly_the_roles_the_workflow_lets_file() {
    assertThat(policy.find(HttpMethod.POST, "/api/complaints")).get()
        .extracting(AccessPolicy.Rule::roles).isEqualTo(io.gridwatch.cases.workflow.Permissions.FILERS);
  }
}
