package io.gridwatch.live;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Hands each live frame from the event bus to the sockets that listen on its address, with one
 * event-bus consumer per event loop and address instead of one per socket.
 *
 * <p>The relay publishes every frame on the event bus at {@link #busAddress}{@code (address)}.
 * For each event loop that serves live sockets, and each address some socket on that loop
 * listens on, there is one local consumer; it runs on that loop and writes the frame (encoded
 * once, by the relay) to each of those sockets through its bounded backlog
 * ({@link LiveClient#deliver}). So an event for 1,000 sockets costs one event-bus delivery per
 * loop, not 1,000 deliveries each wrapped, matched and offered to the bridge hook again; the
 * bridge still decides every registration (its hook calls {@link #subscribe}), and its own
 * per-socket consumers, registered on the public address, never receive anything.
 *
 * <p>Thread-safety: the table of one loop is touched on that loop only (subscribe and
 * unsubscribe hop to the socket's own event loop; delivery runs there); the map of loops is
 * concurrent, and {@link #delivered} may be called from any thread.
 */
final class LiveFanout {
  /** Internal addresses, outside the bridge's outbound whitelist: no bridge consumer matches them. */
  static final String BUS_PREFIX = "gridwatch.live.";

  private final Vertx vertx;
  private final int maxQueuedPerSocket;
  private final long retireAfterMs;
  private final Map<Thread, Loop> loops = new ConcurrentHashMap<>();
  final LongAdder resyncs = new LongAdder();
  /** Event-bus consumers currently registered (one per loop and address listened on, or lately listened on). */
  private final AtomicInteger consumers = new AtomicInteger();

  /** One event loop's subscriptions. */
  private final class Loop {
    final Context context;
    final Map<String, Topic> topics = new HashMap<>();

    Loop(Context context) {
      this.context = context;
    }
  }

  /** The sockets of one loop listening on one address, and the consumer that feeds them. */
  private final class Topic {
    final Set<LiveClient> clients = new LinkedHashSet<>();
    final MessageConsumer<LiveFrame> consumer;
    /** The timer that retires this topic once it has stayed empty; -1 when none is set. */
    long retireTimer = -1;

    Topic(String address) {
      consumers.incrementAndGet();
      consumer = vertx.eventBus().localConsumer(busAddress(address), message -> {
        LiveFrame frame = message.body();
        for (LiveClient c : clients) {
          if (c.deliver(frame, maxQueuedPerSocket)) {
            resyncs.increment();
          }
        }
      });
    }
  }

  /**
   * @param retireAfterMs how long a consumer stays after its last socket left (for frames already
   *     queued to it, and for a wall that reconnects)
   */
  LiveFanout(Vertx vertx, int maxQueuedPerSocket, long retireAfterMs) {
    this.vertx = vertx;
    this.maxQueuedPerSocket = maxQueuedPerSocket;
    this.retireAfterMs = retireAfterMs;
  }

  /** Where the relay publishes the frames meant for the sockets listening on {@code address}. */
  static String busAddress(String address) {
    return BUS_PREFIX + address;
  }

  /**
   * {@code client} now receives the frames of {@code address}. Any thread: the work is done on
   * the client's event loop. (A SockJS polling session's requests may reach the bridge of
   * another HTTP instance, on another loop, than the one that created the session.)
   */
  void subscribe(LiveClient client, String address) {
    if (Thread.currentThread() != client.loop) {
      client.context.runOnContext(v -> subscribe(client, address));
      return;
    }
    Loop loop = loops.computeIfAbsent(client.loop, t -> new Loop(client.context));
    Topic topic = loop.topics.computeIfAbsent(address, Topic::new);
    topic.clients.add(client);
    if (topic.retireTimer != -1) {
      vertx.cancelTimer(topic.retireTimer);
      topic.retireTimer = -1;
    }
  }

  /** {@code client} no longer receives the frames of {@code address}. Any thread, as {@link #subscribe}. */
  void unsubscribe(LiveClient client, String address) {
    if (Thread.currentThread() != client.loop) {
      client.context.runOnContext(v -> unsubscribe(client, address));
      return;
    }
    Loop loop = loops.get(client.loop);
    if (loop == null) {
      return;
    }
    Topic topic = loop.topics.get(address);
    if (topic != null && topic.clients.remove(client) && topic.clients.isEmpty() && topic.retireTimer == -1) {
      // Not at once: frames may already wait in the consumer's queue (Vert.x would log a warning
      // for each one it discards), and a wall that reconnects finds its consumer still there.
      topic.retireTimer = vertx.setTimer(retireAfterMs, id -> retire(loop, address, topic));
    }
  }

  /** Unregisters a topic that stayed empty. On its loop (the timer was set there). */
  private void retire(Loop loop, String address, Topic topic) {
    topic.retireTimer = -1;
    if (!topic.clients.isEmpty() || loop.topics.get(address) != topic) {
      return;
    }
    topic.consumer.unregister();
    consumers.decrementAndGet();
    loop.topics.remove(address);
    if (loop.topics.isEmpty()) {
      loops.remove(Thread.currentThread());
    }
  }

  /** Event loops that have sockets listening on something. */
  int eventLoops() {
    return loops.size();
  }

  /** Event-bus consumers feeding sockets: one per event loop and address listened on there. */
  int consumers() {
    return consumers.get();
  }

  /** Completes once every frame published before this call has been handed to the sockets. */
  Future<Void> delivered() {
    if (loops.isEmpty()) {
      return Future.succeededFuture();
    }
    // A marker task on each loop runs after the deliveries already queued there (the consumers
    // run through the same task queue, in order).
    List<Future<Void>> markers = new ArrayList<>(loops.size());
    for (Loop loop : loops.values()) {
      Promise<Void> p = Promise.promise();
      loop.context.runOnContext(v -> p.complete());
      markers.add(p.future());
    }
    return Future.all(markers).mapEmpty();
  }
}
