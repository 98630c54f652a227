package io.gridwatch.testing;

import io.gridwatch.GridWatchApp;
import io.gridwatch.config.ConfigLoader;
import io.gridwatch.config.GridWatchConfig;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A real GridWatch (real PostgreSQL, real HTTP) on a fresh database and a free port, plus a
 * small blocking HTTP client for the test thread. {@link #shared()} is one server with the demo
 * city, started once per test JVM and shared by read-only tests; tests that change the grid
 * start their own with {@link #start(boolean)}.
 */
public final class TestServer implements AutoCloseable {
  private static TestServer shared;
  private final GridWatchApp app;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private TestServer(GridWatchApp app) {
    this.app = app;
  }

  /** The server with the demo city, shared by the whole test run. */
  public static synchronized TestServer shared() {
    if (shared == null) {
      shared = start(true);
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
    }
    return shared;
  }

  /** A new server on a new database, with or without the seed grid. Close it when done. */
  public static TestServer start(boolean seedGrid) {
    System.setProperty(GridWatchApp.MAX_EVENT_LOOP_MS_PROPERTY, "200");
    GridWatchConfig config = ConfigLoader.load(Optional.empty(), Map.of(), false)
        .withDbUrl(TestDatabase.create().withCredentials())
        .withHttpPort(0)
        .withSeedOnEmpty(seedGrid);
    return new TestServer(GridWatchApp.start(config));
  }

  public GridWatchApp app() {
    return app;
  }

  public URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + app.httpPort() + pathAndQuery);
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
    return post(pathAndQuery, "application/json", json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
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

  public static JsonObject json(HttpResponse<String> response) {
    return new JsonObject(response.body());
  }

  @Override
  public void close() {
    app.close();
  }
}
