package io.gridwatch.testing;

import io.gridwatch.store.DatabaseUrl;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real server ({@code io.gridwatch.Main serve}) in a child JVM, on the classpath of the
 * current one, so that a test or a benchmark can kill it with SIGKILL and start it again on the
 * same database, or load it from outside its own heap. Its output is appended to a log file.
 * Not thread-safe: one owner drives it.
 */
public final class ServerProcess implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();
  private final Process process;
  private final int port;
  private final Path log;
  private final long logStart;

  private ServerProcess(Process process, int port, Path log, long logStart) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.logStart = logStart;
  }

  /**
   * Starts {@code Main serve} on {@code db} and {@code port} with the extra environment
   * {@code env} (e.g. {@code GRIDWATCH_ADMIN_PASSWORD}) and JVM options, and waits until
   * {@code /health} answers 200 (or fails with the log's tail if the process dies or
   * {@code startTimeout} passes).
   */
  public static ServerProcess start(DatabaseUrl db, int port, Map<String, String> env, List<String> jvmOptions,
      Path log, Duration startTimeout) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classPath());
    command.add("io.gridwatch.Main");
    command.add("serve");
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(env);
    pb.environment().put("GRIDWATCH_DB_URL", db.withCredentials());
    pb.environment().put("GRIDWATCH_HTTP_PORT", String.valueOf(port));
    pb.redirectErrorStream(true);
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      long logStart = Files.exists(log) ? Files.size(log) : 0;
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      ServerProcess server = new ServerProcess(pb.start(), port, log, logStart);
      // A test JVM that ends early (a failed assertion, Ctrl-C) takes its server with it.
      Runtime.getRuntime().addShutdownHook(new Thread(server.process::destroyForcibly, "kill-server-process"));
      server.awaitHealthy(startTimeout);
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The classpath to give the child: surefire's real test classpath when running under
   * surefire (its own {@code java.class.path} may be a manifest-only jar), else this JVM's.
   */
  static String classPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    String cp = surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    return String.join(File.pathSeparator, cp.split(File.pathSeparator));
  }

  /** A port that was free a moment ago on 127.0.0.1. */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitHealthy(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the server exited with " + process.exitValue() + " while starting:\n" + logTail());
      }
      try {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri("/health")).timeout(Duration.ofSeconds(2)).GET()
            .build(), HttpResponse.BodyHandlers.ofString());
        // Ours: its log says it is up on this port (a 200 alone could come from another server
        // that took the port after it was found free).
        if (r.statusCode() == 200 && startedHere()) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sleep(200);
    }
    process.destroyForcibly();
    throw new IllegalStateException("the server did not become healthy within " + timeout + ":\n" + logTail());
  }

  private boolean startedHere() throws IOException {
    try (var in = Files.newInputStream(log)) {
      in.skipNBytes(logStart);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .contains("GridWatch is up: http://localhost:" + port + "/");
    }
  }

  public URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + port + pathAndQuery);
  }

  /**
   * Signs in through {@code POST /api/auth/login} as a script does (no browser headers) and
   * returns the bearer token; anything but 200 fails the calling test with the answer.
   */
  public String login(String username, String password) throws IOException, InterruptedException {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri("/api/auth/login"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new io.vertx.core.json.JsonObject().put("username", username)
            .put("password", password).encode()))
        .build(), HttpResponse.BodyHandlers.ofString());
    org.assertj.core.api.Assertions.assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new io.vertx.core.json.JsonObject(r.body()).getString("token");
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Kills the server with SIGKILL ({@link Process#destroyForcibly()} on Linux): no shutdown hook,
   * no draining, no closing of connections. Returns when the process is gone.
   */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The exit value, once the process has ended. */
  public int exitValue() {
    return process.exitValue();
  }

  /** The last 60 lines of the server's log. */
  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(log " + log + " unreadable: " + e.getMessage() + ")";
    }
  }

  /** Stops the server gracefully (SIGTERM, its shutdown hook closes Vert.x), then forcibly. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
