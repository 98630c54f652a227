package io.gridwatch.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.http.ApiRoute;
import io.gridwatch.testing.NeedsDatabase;
import io.gridwatch.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every row of the access policy, called as every role and anonymously, on the shared server:
 * anonymous gets 401 (except public rows), a role outside the row 403, a role inside it anything
 * but 401 or 403. And the table covers every route the server serves.
 */
@NeedsDatabase
class AccessPolicyTest {
  private static TestServer server;
  private static long someUser;

  @BeforeAll
  static void start() {
    server = TestServer.shared();
    someUser = server.createUser("policy-target-" + System.nanoTime() % 100000, Role.ASSISTANT, null,
        "policy target password").id();
  }

  @Test
  void every_route_the_server_serves_is_in_the_table() {
    AccessPolicy policy = server.app().accounts().policy();
    List<ApiRoute> served = server.app().http().routes();
    assertThat(served).isNotEmpty();
    List<String> missing = served.stream().filter(r -> r.path().startsWith("/api/"))
        .filter(r -> !policy.lists(r.method(), r.path())).map(ApiRoute::toString).toList();
    assertThat(missing).as("served API routes without an AccessPolicy row").isEmpty();
  }

  @TestFactory
  Stream<DynamicTest> every_row_as_every_role_and_anonymous() {
    List<DynamicTest> tests = new ArrayList<>();
    for (AccessPolicy.Rule rule : server.app().accounts().policy().rules()) {
      String path = rule.path().replace("{id}", rule.path().startsWith("/api/users") ? String.valueOf(someUser) : "1")
          .replace("{code}", "510104").replace("{caseId}", "1")
          .replaceAll("\\{[A-Za-z]+}", "1"); // any other id ({userId}, ...)
      tests.add(DynamicTest.dynamicTest(rule.method() + " " + rule.path() + " anonymous", () -> {
        HttpResponse<String> r = server.send(request(rule, path));
        if (rule.isPublic()) {
          assertThat(r.statusCode()).as(r.body()).isNotIn(401, 403);
        } else {
          assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        }
      }));
      for (Role role : Role.values()) {
        tests.add(DynamicTest.dynamicTest(rule.method() + " " + rule.path() + " as " + role, () -> {
          // A session of its own: some rows end it (logout).
          HttpResponse<String> r = server.asNew(role).send(request(rule, path));
          if (rule.allows(role)) {
            assertThat(r.statusCode()).as(r.body()).isNotIn(401, 403);
          } else {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
          }
        }));
      }
    }
    return tests.stream();
  }

  @Test
  void spelling_a_path_differently_does_not_get_around_the_table() {
    TestServer.Client operator = server.as(Role.OPERATOR);
    for (String path : List.of("/api/users/", "/api/users//", "/api/%75sers", "/api/./users", "/api/grid/../users",
        "/api/users/" + someUser + "/")) {
      HttpResponse<String> r = operator.get(path);
      assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(403);
    }
    HttpResponse<String> head = operator.send(HttpRequest.newBuilder(server.uri("/api/users"))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()));
    assertThat(head.statusCode()).isIn(403, 405);
  }

  @Test
  void routes_nobody_serves_are_404_or_405_once_logged_in_and_401_before() {
    assertThat(server.get("/api/no-such-thing").statusCode()).isEqualTo(401);
    assertThat(server.as(Role.ADMIN).get("/api/no-such-thing").statusCode()).isEqualTo(404);
    assertThat(server.as(Role.ADMIN).send(HttpRequest.newBuilder(server.uri("/api/users/" + someUser)).DELETE())
        .statusCode()).isIn(404, 405);
  }

  private static HttpRequest.Builder request(AccessPolicy.Rule rule, String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(path));
    return switch (rule.method().name()) {
      case "GET" -> b.GET();
      default -> b.header("Content-Type", "application/json")
          .method(rule.method().name(), HttpRequest.BodyPublishers.ofString("{}"));
    };
  }
}
