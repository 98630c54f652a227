package io.gridwatch.live;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A test client speaking the Vert.x event-bus bridge protocol over the raw websocket
 * ({@code /eventbus/websocket}): JSON frames {@code {"type":"register","address":...}},
 * {@code {"type":"ping"}}, ..., as vertx-eventbus.js sends them, and every frame it receives in a
 * queue. Pings every 4 s like the real client (the bridge closes silent sockets after 10 s).
 * Blocking methods are for the test thread.
 */
final class BridgeClient implements AutoCloseable {
  private final Vertx vertx;
  private final WebSocket ws;
  private final LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private final long pinger;

  private BridgeClient(Vertx vertx, WebSocket ws) {
    this.vertx = vertx;
    this.ws = ws;
    ws.binaryMessageHandler(b -> frames.add(new JsonObject(b)));
    ws.textMessageHandler(t -> frames.add(new JsonObject(t)));
    ws.closeHandler(v -> closed.complete(null));
    pinger = vertx.setPeriodic(4_000, id -> {
      if (!ws.isClosed()) {
        ws.writeTextMessage("{\"type\":\"ping\"}");
      }
    });
  }

  /** The options for {@code /eventbus/websocket} on {@code port}, with a bearer token if given. */
  static WebSocketConnectOptions options(int port, String token) {
    WebSocketConnectOptions o = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI(LiveBridge.PATH + "/websocket");
    if (token != null) {
      o.putHeader("Authorization", "Bearer " + token);
    }
    return o;
  }

  static BridgeClient connect(Vertx vertx, int port, String token) {
    return connect(vertx, options(port, token));
  }

  static BridgeClient connect(Vertx vertx, WebSocketConnectOptions options) {
    return connect(vertx, new WebSocketClientOptions(), options);
  }

  static BridgeClient connect(Vertx vertx, WebSocketClientOptions clientOptions, WebSocketConnectOptions options) {
    WebSocketClient client = vertx.createWebSocketClient(clientOptions);
    return new BridgeClient(vertx, client.connect(options).await());
  }

  /** The HTTP status with which the upgrade was refused, or 101 if it was accepted. */
  static int upgradeStatus(Vertx vertx, WebSocketConnectOptions options) {
    try {
      Future<WebSocket> f = vertx.createWebSocketClient().connect(options);
      WebSocket ws = f.await();
      ws.close();
      return 101;
    } catch (UpgradeRejectedException e) {
      return e.getStatus();
    }
  }

  void send(JsonObject frame) {
    ws.writeTextMessage(frame.encode()).await();
  }

  void register(String address) {
    send(new JsonObject().put("type", "register").put("address", address));
  }

  /** Registers and waits until the registration is in place (a ping round trip later). */
  void registerAll(String... addresses) {
    for (String a : addresses) {
      register(a);
    }
    // The bridge handles a socket's frames in order, and registering completes locally at once;
    // a refused one would have answered with an error by now. Give the event loop a moment.
    sleep(Duration.ofMillis(200));
  }

  /** Stops reading: the server's writes pile up in the network buffers and then on the server. */
  void pause() {
    ws.pause();
  }

  void resume() {
    ws.resume();
  }

  /** The next frame matching {@code which} within {@code timeout}, skipping others; null if none. */
  JsonObject next(Predicate<JsonObject> which, Duration timeout) {
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

  /** Every frame received within {@code quiet} of the previous one (drains the queue). */
  List<JsonObject> drain(Duration quiet) {
    List<JsonObject> out = new ArrayList<>();
    while (true) {
      JsonObject f = next(x -> true, quiet);
      if (f == null) {
        return out;
      }
      out.add(f);
    }
  }

  /** Events received ({@code rec} frames), as {@code [address, event]}. */
  static boolean isEvent(JsonObject frame) {
    return "rec".equals(frame.getString("type"));
  }

  boolean awaitClosed(Duration timeout) {
    try {
      closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  boolean isClosed() {
    return ws.isClosed();
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
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

  static JsonObject json(Buffer b) {
    return new JsonObject(b);
  }
}
