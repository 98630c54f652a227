package io.gridwatch.auth;

import static io.gridwatch.testing.Problems.assertField;
import static io.gridwatch.testing.Problems.assertFieldError;
import static io.gridwatch.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.testing.NeedsDatabase;
import io.gridwatch.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An administrator keeps the accounts, on the shared server with the demo city. */
@NeedsDatabase
class UserAdminApiTest {
  private static TestServer server;
  private static TestServer.Client admin;

  @BeforeAll
  static void start() {
    server = TestServer.shared();
    admin = server.as(Role.ADMIN);
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static JsonObject create(String username, String role, String gridCode) {
    HttpResponse<String> r = admin.postJson("/api/users", new JsonObject().put("username", username)
        .put("displayName", "Test " + username).put("role", role).put("gridCode", gridCode)
        .put("password", "a long enough password").encode());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(r.headers().firstValue("Location")).hasValue("/api/users/" + TestServer.json(r).getLong("id"));
    return TestServer.json(r);
  }

  @Test
  void an_inspector_for_a_district_is_created_listed_read_and_can_log_in() {
    String name = unique("insp");
    JsonObject u = create(name, "inspector", "510104");
    assertThat(u.getString("role")).isEqualTo("INSPECTOR");
    assertThat(u.getString("gridCode")).isEqualTo("510104");
    assertThat(u.getBoolean("disabled")).isFalse();
    assertThat(u.fieldNames()).doesNotContain("password", "passwordHash", "totpSecret");

    JsonObject list = TestServer.json(admin.get("/api/users"));
    assertThat(list.getInteger("total")).isEqualTo(list.getJsonArray("items").size());
    assertThat(list.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("username"))).contains(name);
    assertThat(TestServer.json(admin.get("/api/users/" + u.getLong("id"))).getString("username")).isEqualTo(name);

    HttpResponse<String> login = server.login(name.toUpperCase(), "a long enough password");
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    assertThat(TestServer.json(login).getJsonObject("user").getString("gridCode")).isEqualTo("510104");
    assertThat(server.audit("user.create")).anyMatch(a -> String.valueOf(u.getLong("id")).equals(a.getString("object_id"))
        && "test-admin".equals(a.getString("actor_name")) && !a.encode().contains("a long enough password"));
  }

  @Test
  void every_bad_field_is_named_at_once() {
    HttpResponse<String> r = admin.postJson("/api/users",
        "{\"username\":\"-bad name\",\"displayName\":\"\",\"role\":\"KING\",\"password\":\"short\",\"colour\":\"red\"}");
    assertProblem(r, 400);
    for (String field : new String[] {"username", "displayName", "role", "colour"}) {
      assertThat(r.body()).contains("\"field\":\"" + field + "\"");
    }
    assertThat(r.body()).doesNotContain("short\"");
    HttpResponse<String> weak = admin.postJson("/api/users", new JsonObject().put("username", unique("w"))
        .put("displayName", "W").put("role", "OPERATOR").put("password", "tooshort").encode());
    assertField(weak, "password");
    String sameAsName = unique("samesame");
    assertField(admin.postJson("/api/users", new JsonObject().put("username", sameAsName).put("displayName", "S")
        .put("role", "OPERATOR").put("password", sameAsName).encode()), "password");
    assertField(admin.postJson("/api/users", "{\"username\":\"x1\",\"displayName\":\"x\",\"role\":\"ADMIN\","
        + "\"password\":\"long enough pass\",\"gridCode\":\"51x\"}"), "gridCode");
    assertProblem(admin.postJson("/api/users", "[]"), 400);
  }

  @Test
  void a_grid_code_that_is_no_cell_is_422_and_a_taken_username_in_any_case_409() {
    HttpResponse<String> noCell = admin.postJson("/api/users", new JsonObject().put("username", unique("nc"))
        .put("displayName", "N").put("role", "ASSISTANT").put("gridCode", "999999").put("password", "long enough pass")
        .encode());
    assertFieldError(noCell, 422, "gridCode");
    String name = unique("dup");
    create(name, "OPERATOR", null);
    HttpResponse<String> dup = admin.postJson("/api/users", new JsonObject().put("username", name.toUpperCase())
        .put("displayName", "D").put("role", "OPERATOR").put("password", "long enough pass").encode());
    assertFieldError(dup, 409, "username");
  }

  @Test
  void patch_changes_only_what_is_given_and_disabling_ends_the_users_sessions() {
    JsonObject u = create(unique("pat"), "ASSISTANT", "510104");
    long id = u.getLong("id");
    String token = TestServer.token(server.login(u.getString("username"), "a long enough password"));
    assertThat(server.withToken(token).get("/api/auth/me").statusCode()).isEqualTo(200);

    HttpResponse<String> r = admin.patchJson("/api/users/" + id, "{\"role\":\"INSPECTOR\",\"gridCode\":null}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject after = TestServer.json(r);
    assertThat(after.getString("role")).isEqualTo("INSPECTOR");
    assertThat(after.getValue("gridCode")).isNull();
    assertThat(after.getString("displayName")).isEqualTo(u.getString("displayName"));
    // The session sees the change at once: role and grid are read on every request.
    JsonObject me = TestServer.json(server.withToken(token).get("/api/auth/me"));
    assertThat(me.getString("role")).isEqualTo("INSPECTOR");
    assertThat(me.getJsonObject("scope").getBoolean("cityWide")).isTrue();

    assertThat(admin.patchJson("/api/users/" + id, "{\"disabled\":true}").statusCode()).isEqualTo(200);
    assertProblem(server.withToken(token).get("/api/auth/me"), 401);
    assertProblem(server.login(u.getString("username"), "a long enough password"), 401);
    assertThat(server.audit("user.update")).anyMatch(a -> String.valueOf(id).equals(a.getString("object_id"))
        && a.getJsonObject("detail").getJsonObject("role") != null
        && "ASSISTANT".equals(a.getJsonObject("detail").getJsonObject("role").getString("from")));

    assertField(admin.patchJson("/api/users/" + id, "{\"password\":\"sneaky new one\"}"), "password");
    assertField(admin.patchJson("/api/users/" + id, "{\"disabled\":\"yes\"}"), "disabled");
    assertFieldError(admin.patchJson("/api/users/" + id, "{\"gridCode\":\"999999001\"}"), 422, "gridCode");
    assertProblem(admin.patchJson("/api/users/987654321", "{\"disabled\":false}"), 404);
    assertField(admin.get("/api/users/abc"), "id");
  }

  @Test
  void a_password_reset_ends_the_sessions_and_the_new_password_works() {
    JsonObject u = create(unique("rst"), "LEADER", null);
    String token = TestServer.token(server.login(u.getString("username"), "a long enough password"));
    assertField(admin.postJson("/api/users/" + u.getLong("id") + "/password", "{\"password\":\"short\"}"), "password");
    HttpResponse<String> r = admin.postJson("/api/users/" + u.getLong("id") + "/password",
        "{\"password\":\"reset by the admin\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    assertProblem(server.withToken(token).get("/api/auth/me"), 401);
    assertThat(server.login(u.getString("username"), "reset by the admin").statusCode()).isEqualTo(200);
    assertThat(server.audit("user.password.reset")).anyMatch(a -> !a.encode().contains("reset by the admin"));
  }

  @Test
  void the_last_enabled_admin_cannot_be_disabled_or_demoted() {
    // On the shared server the admins are 'admin' and 'test-admin'; try to remove both.
    long bootstrapAdmin = TestServer.json(admin.get("/api/users")).getJsonArray("items").stream()
        .map(o -> (JsonObject) o).filter(o -> o.getString("username").equals("admin")).findFirst().orElseThrow()
        .getLong("id");
    long me = server.user(Role.ADMIN).id();
    HttpResponse<String> first = admin.patchJson("/api/users/" + bootstrapAdmin, "{\"disabled\":true}");
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    try {
      HttpResponse<String> last = admin.patchJson("/api/users/" + me, "{\"role\":\"OPERATOR\"}");
      assertProblem(last, 409);
      assertThat(TestServer.json(last).getString("type")).isEqualTo("/problems/last-admin");
      assertThat(TestServer.json(admin.get("/api/users/" + me)).getString("role")).isEqualTo("ADMIN");
    } finally {
      assertThat(admin.patchJson("/api/users/" + bootstrapAdmin, "{\"disabled\":false}").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void no_other_role_reaches_the_user_admin_routes() {
    for (Role role : Role.values()) {
      if (role == Role.ADMIN) {
        continue;
      }
      TestServer.Client c = server.as(role);
      HttpResponse<String> r = c.get("/api/users");
      assertProblem(r, 403);
      assertThat(TestServer.json(r).getString("detail")).contains(role.name());
      assertProblem(c.postJson("/api/users", "{}"), 403);
      assertProblem(c.postJson("/api/users/1/unlock", ""), 403);
    }
    assertThat(server.audit("auth.denied")).anyMatch(a -> "GET /api/users".equals(a.getString("object_id"))
        && "DENIED".equals(a.getString("outcome")));
  }
}
