package io.gridwatch.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwatch.store.DatabaseUrl;
import io.gridwatch.testing.NeedsDatabase;
import io.gridwatch.testing.ServerProcess;
import io.gridwatch.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console of a real server process (issue 10, item 7): no logback status lines at start, and
 * no ERROR when live sockets are closed abruptly (a TCP reset, as when a wall's laptop drops off
 * the network). The server runs in a child JVM whose whole output is captured to a file.
 */
@NeedsDatabase
class QuietLogsTest {
  private static final String ADMIN_PASSWORD = "quiet logs admin pass";
  private static final String PASSWORD = "quiet logs wall pass";
  private static final int SOCKETS = 20;
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private static ServerProcess server;
  private static Path log;

  @BeforeAll
  static void start() throws IOException {
    DatabaseUrl db = DatabaseUrl.parse(TestDatabase.create().withCredentials());
    log = Path.of("target", "quiet-logs-" + UUID.randomUUID() + ".log");
    server = ServerProcess.start(db, ServerProcess.freePort(), Map.of("GRIDWATCH_ADMIN_PASSWORD", ADMIN_PASSWORD,
        // No grid: this test needs none, and the start is much quicker without it.
        "GRIDWATCH_GRID_SEED_ON_EMPTY", "false"), List.of("-Xmx512m"), log, Duration.ofMinutes(3));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static String console() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  @Test
  void the_start_prints_no_logback_status_lines() throws IOException {
    String out = console();
    assertThat(out).contains("GridWatch is up");
    assertThat(out.lines().filter(l -> l.contains("|-INFO in ch.qos") || l.contains("|-WARN in ch.qos")
        || l.contains("|-ERROR in ch.qos")).toList()).isEmpty();
    // The masking converters are still in the pattern: every line has the level and the logger.
    assertThat(out.lines().filter(l -> l.contains("GridWatch is up")).findFirst().orElseThrow())
        .matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO .*");
  }

  @Test
  void twenty_live_sockets_closed_abruptly_leave_no_error_in_the_log() throws Exception {
    String token = wallToken();
    long before = Files.size(log);
    for (int i = 0; i < SOCKETS; i++) {
      try (Socket s = new Socket("127.0.0.1", server.port())) {
        s.setSoTimeout(10_000);
        OutputStream out = s.getOutputStream();
        String key = Base64.getEncoder().encodeToString(UUID.randomUUID().toString().substring(0, 16).getBytes());
        out.write(("GET /eventbus/websocket HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n"
            + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Key: " + key + "\r\nAuthorization: Bearer " + token + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        assertThat(readHead(s.getInputStream())).startsWith("HTTP/1.1 101");
        // Half a frame, then a reset: the connection dies mid-message, with no close handshake.
        out.write(new byte[] {(byte) 0x81, (byte) 0xfe, 0x01});
        out.flush();
        s.setSoLinger(true, 0);
      }
    }
    // Give the server time to notice every reset (and to log, were it to).
    Thread.sleep(3_000);
    assertThat(server.isAlive()).isTrue();
    String after;
    try (var in = Files.newInputStream(log)) {
      in.skipNBytes(before);
      after = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(after.lines().filter(l -> l.contains(" ERROR ") || l.startsWith("\tat ")
        || l.contains("Connection reset")).toList()).as(after).isEmpty();
  }

  /** The response head of an HTTP/1.1 exchange, byte by byte (the socket stays open). */
  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    return head.toString();
  }

  /** Signs in as admin, creates a city-wide SUPERVISOR (who may open live sockets), signs in as it. */
  private static String wallToken() throws IOException, InterruptedException {
    String admin = server.login("admin", ADMIN_PASSWORD);
    HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(server.uri("/api/users"))
        .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("username", "quiet-wall")
            .put("displayName", "Quiet wall").put("role", "SUPERVISOR").putNull("gridCode")
            .put("password", PASSWORD).encode()))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return server.login("quiet-wall", PASSWORD);
  }
}
