package io.gridwatch.testing;

import io.gridwatch.GridWatchApp;
import io.gridwatch.audit.Actor;
import io.gridwatch.auth.Role;
import io.gridwatch.auth.User;
import io.gridwatch.auth.UserAdmin;
import io.gridwatch.config.ConfigLoader;
import io.gridwatch.config.GridWatchConfig;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real GridWatch (real PostgreSQL, real HTTP) on a fresh database and a free port, plus a
 * small blocking HTTP client for the test thread. {@link #shared()} is one server with the demo
 * city, started once per test JVM and shared by read-only tests; tests that change the grid,
 * the clock or the settings start their own with {@link #start(boolean)} or
 * {@link #start(boolean, Map, Clock)}.
 *
 * <p>Logging in: {@link #as(Role)} is a client carrying a bearer token of a test user with that
 * role (user {@code test-<role>}, city-wide, password {@link #PASSWORD}), created through the
 * accounts service and given a session directly, so tests do not spend the login rate limit.
 * {@link #login(String, String)} goes through {@code POST /api/auth/login} like a real client.
 * {@link #get(String)} and friends are anonymous.
 */
public final class TestServer implements AutoCloseable {
  /** The password of every test user made by {@link #user(Role)}. Test-only. */
  public static final String PASSWORD = "test-password-0123";
  private static TestServer shared;
  private final GridWatchApp app;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Map<Role, User> users = new ConcurrentHashMap<>();
  private final Map<Role, Client> clients = new ConcurrentHashMap<>();

  private TestServer(GridWatchApp app) {
    this.app = app;
  }

  /**
   * The server with the demo city, shared by the whole test run. Its login rate limit is raised
   * so that the many test classes logging in from 127.0.0.1 do not trip it (LoginRateLimitTest
   * checks the limit on a server of its own).
   */
  public static synchronized TestServer shared() {
    if (shared == null) {
      shared = start(true, Map.of("GRIDWATCH_AUTH_LOGIN_RATE_PER_MINUTE", "1000"), Clock.systemUTC());
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
    }
    return shared;
  }

  /** A new server on a new database, with or without the seed grid. Close it when done. */
  public static TestServer start(boolean seedGrid) {
    return start(seedGrid, Map.of(), Clock.systemUTC());
  }

  /**
   * A new server with extra settings, given as the environment variables that would set them
   * ({@code GRIDWATCH_AUTH_LOGIN_RATE_PER_MINUTE=3}), going by {@code clock}.
   */
  public static TestServer start(boolean seedGrid, Map<String, String> env, Clock clock) {
    return start(seedGrid, env, clock, false);
  }

  /** As {@link #start(boolean, Map, Clock)}, with or without {@code --demo}. */
  public static TestServer start(boolean seedGrid, Map<String, String> env, Clock clock, boolean demo) {
    System.setProperty(GridWatchApp.MAX_EVENT_LOOP_MS_PROPERTY, "200");
    Map<String, String> environment = new HashMap<>(env);
    // Known, so the first-start admin password is not generated and printed in every test run.
    environment.putIfAbsent("GRIDWATCH_ADMIN_PASSWORD", PASSWORD);
    GridWatchConfig config = ConfigLoader.load(Optional.empty(), environment, demo)
        .withDbUrl(TestDatabase.create().withCredentials())
        .withHttpPort(0)
        .withSeedOnEmpty(seedGrid);
    return new TestServer(GridWatchApp.start(config, clock));
  }

  /**
   * Stops this server and starts GridWatch again on the same database with the same settings and
   * clock, as an operator restarting it would. Users and sessions made before carry over (they
   * live in the database), but this server's clients do not; use the returned server from then on.
   */
  public TestServer restart() {
    app.close();
    TestServer again = new TestServer(GridWatchApp.start(app.config(), app.clock()));
    again.users.putAll(users);
    return again;
  }

  public GridWatchApp app() {
    return app;
  }

  public URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + app.httpPort() + pathAndQuery);
  }

  /** The test user with this role ({@code test-<role>}, city-wide), created on first use. */
  public User user(Role role) {
    return users.computeIfAbsent(role, r -> createUser("test-" + r.name().toLowerCase(Locale.ROOT), r, null, PASSWORD));
  }

  /** Creates a user through the accounts service (the same rules as {@code POST /api/users}). */
  public User createUser(String username, Role role, String gridCode, String password) {
    return app.accounts().admin().create(Actor.system(),
        new UserAdmin.NewUser(username, username, role, gridCode, password)).await();
  }

  /** A new session (bearer token) for {@code user}, without the login endpoint. */
  public String newSession(User user) {
    return app.accounts().auth().openSession(user.id(), "127.0.0.1").await();
  }

  /** A client logged in as the test user with {@code role}; one session per role, reused. */
  public Client as(Role role) {
    return clients.computeIfAbsent(role, r -> new Client(newSession(user(r))));
  }

  /** A client logged in as {@code role} with a session of its own (for tests that end it). */
  public Client asNew(Role role) {
    return new Client(newSession(user(role)));
  }

  /** A client sending {@code token} as a bearer token. */
  public Client withToken(String token) {
    return new Client(token);
  }

  /** {@code POST /api/auth/login}, anonymously, as a real client does it. */
  public HttpResponse<String> login(String username, String password) {
    return postJson("/api/auth/login", new JsonObject().put("username", username).put("password", password).encode());
  }

  /** The token from a successful login response. */
  public static String token(HttpResponse<String> loginResponse) {
    return json(loginResponse).getString("token");
  }

  public HttpResponse<String> get(String pathAndQuery) {
    return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET());
  }

  public HttpResponse<String> post(String pathAndQuery, String contentType, byte[] body) {
    return send(HttpRequest.newBuilder(uri(pathAndQuery))
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  public HttpResponse<String> postJson(String pathAndQuery, String json) {
    return post(pathAndQuery, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  public HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The audit lines with {@code action}, oldest first, as JSON objects named like the columns. */
  public List<JsonObject> audit(String action) {
    List<JsonObject> out = new ArrayList<>();
    app.pool().preparedQuery("SELECT actor_id, actor_name, action, object_type, object_id, address, outcome, detail"
            + " FROM audit_log WHERE action = $1 ORDER BY id").execute(Tuple.of(action)).await()
        .forEach(r -> out.add(r.toJson()));
    return out;
  }

  public static JsonObject json(HttpResponse<String> response) {
    return new JsonObject(response.body());
  }

  @Override
  public void close() {
    app.close();
  }

  /** Requests carrying {@code Authorization: Bearer <token>}. Thread-safe. */
  public final class Client {
    private final String token;

    private Client(String token) {
      this.token = token;
    }

    public String token() {
      return token;
    }

    public HttpResponse<String> get(String pathAndQuery) {
      return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET());
    }

    public HttpResponse<String> post(String pathAndQuery, String contentType, byte[] body) {
      return send(HttpRequest.newBuilder(uri(pathAndQuery))
          .header("Content-Type", contentType)
          .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    public HttpResponse<String> postJson(String pathAndQuery, String json) {
      return post(pathAndQuery, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    public HttpResponse<String> patchJson(String pathAndQuery, String json) {
      return send(HttpRequest.newBuilder(uri(pathAndQuery))
          .header("Content-Type", "application/json")
          .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Any request, with the bearer token added. */
    public HttpResponse<String> send(HttpRequest.Builder request) {
      return TestServer.this.send(request.header("Authorization", "Bearer " + token));
    }
  }
}
