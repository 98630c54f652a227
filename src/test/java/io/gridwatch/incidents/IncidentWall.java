package io.gridwatch.incidents;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A wall as the browser's vertx-eventbus.js is one: the raw websocket of the SockJS bridge
 * ({@code /eventbus/websocket}), bearer-authenticated, registering on addresses and queueing every
 * frame it receives. Blocking methods are for the test thread.
 */
final class IncidentWall implements AutoCloseable {
  private final Vertx vertx;
  private final WebSocket ws;
  private final LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  private final long pinger;

  IncidentWall(Vertx vertx, int port, String token) {
    this.vertx = vertx;
    WebSocketConnectOptions o = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI("/eventbus/websocket").putHeader("Authorization", "Bearer " + token);
    ws = vertx.createWebSocketClient().connect(o).await();
    ws.textMessageHandler(t -> frames.add(new JsonObject(t)));
    ws.binaryMessageHandler(b -> frames.add(new JsonObject(b)));
    pinger = vertx.setPeriodic(4_000, id -> {
      if (!ws.isClosed()) {
        ws.writeTextMessage("{\"type\":\"ping\"}");
      }
    });
  }

  /**
   * Registers on {@code address}, then on an address nobody may listen on: the bridge answers
   * the second with an error, so once that arrives the first is in place.
   */
  void register(String address) {
    ws.writeTextMessage(new JsonObject().put("type", "register").put("address", address).encode()).await();
    ws.writeTextMessage(new JsonObject().put("type", "register").put("address", "gw.barrier").encode()).await();
    if (next(f -> "err".equals(f.getString("type")), Duration.ofSeconds(15)) == null) {
      throw new AssertionError("the bridge did not answer the barrier registration");
    }
  }

  /** The body of the next event matching {@code which} within {@code timeout}; null if none. */
  JsonObject nextEvent(Predicate<JsonObject> which, Duration timeout) {
    JsonObject f = next(x -> "rec".equals(x.getString("type")) && which.test(x.getJsonObject("body")), timeout);
    return f == null ? null : f.getJsonObject("body");
  }

  private JsonObject next(Predicate<JsonObject> which, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          return null;
        }
        JsonObject f = frames.poll(left, TimeUnit.NANOSECONDS);
        if (f == null) {
          return null;
        }
        if (which.test(f)) {
          return f;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    vertx.cancelTimer(pinger);
    if (!ws.isClosed()) {
      ws.close();
    }
  }
}
