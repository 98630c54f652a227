package io.gridwatch.notifications;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP receiver for the tests, on a free port of 127.0.0.1: records every request (path,
 * headers, raw body) and answers each path with the status the test set (200 unless told).
 */
final class WebhookReceiver implements AutoCloseable {
  /** One request as received. */
  record Received(String path, Map<String, String> headers, byte[] body) {
    JsonObject json() {
      return new JsonObject(new String(body, java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, Integer> statusByPath = new ConcurrentHashMap<>();

  WebhookReceiver() {
    server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      Map<String, String> headers = new ConcurrentHashMap<>();
      req.headers().forEach(h -> headers.put(h.getKey().toLowerCase(java.util.Locale.ROOT), h.getValue()));
      received.add(new Received(req.path(), headers, body.getBytes()));
      req.response().setStatusCode(statusByPath.getOrDefault(req.path(), 200)).end("ok");
    })).listen(0, "127.0.0.1").await();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  void answer(String path, int status) {
    statusByPath.put(path, status);
  }

  List<Received> at(String path) {
    return received.stream().filter(r -> r.path().equals(path)).toList();
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
