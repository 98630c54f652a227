package io.gridwatch.audit;

import static io.gridwatch.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.auth.Role;
import io.gridwatch.testing.NeedsDatabase;
import io.gridwatch.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** An administrator reads who did what; nobody else may, and the reading is itself on record. */
@NeedsDatabase
class AuditApiTest {

  @Test
  void an_admin_finds_a_failed_login_by_its_username_and_the_search_itself_is_recorded() {
    TestServer server = TestServer.shared();
    String username = "nobody-" + System.nanoTime();
    assertThat(server.login(username, "wrong-password-123").statusCode()).isEqualTo(401);

    HttpResponse<String> r = server.as(Role.ADMIN).get("/api/audit?action=auth.login&username=" + username);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonArray items = TestServer.json(r).getJsonArray("items");
    assertThat(items).hasSize(1);
    JsonObject line = items.getJsonObject(0);
    assertThat(line.getString("outcome")).isEqualTo("FAILURE");
    assertThat(line.getString("address")).isNotBlank();
    assertThat(line.encode()).doesNotContain("wrong-password-123");

    assertThat(server.audit("audit.read")).anySatisfy(a ->
        assertThat(a.encode()).contains(username));
  }

  @Test
  void pages_go_back_in_time_with_before() {
    TestServer server = TestServer.shared();
    TestServer.Client admin = server.as(Role.ADMIN);
    JsonObject first = TestServer.json(admin.get("/api/audit?limit=2"));
    assertThat(first.getJsonArray("items")).hasSize(2);
    long before = first.getLong("nextBefore");
    JsonArray next = TestServer.json(admin.get("/api/audit?limit=2&before=" + before)).getJsonArray("items");
    assertThat(next).isNotEmpty();
    next.forEach(i -> assertThat(((JsonObject) i).getLong("id")).isLessThan(before));
  }

  @Test
  void other_roles_are_refused_and_bad_filters_are_named() {
    TestServer server = TestServer.shared();
    for (Role role : Role.values()) {
      if (role != Role.ADMIN) {
        assertProblem(server.as(role).get("/api/audit"), 403);
      }
    }
    assertProblem(server.get("/api/audit"), 401);
    HttpResponse<String> bad = server.as(Role.ADMIN).get("/api/audit?from=yesterday&limit=0");
    assertProblem(bad, 400);
    assertThat(bad.body()).contains("from").contains("limit");
  }
}
