package io.gridwatch.live;

import io.gridwatch.auth.CurrentUser;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One open live socket: who it belongs to, what it listens on, and its write backlog.
 *
 * <p>Thread-safety: the bridge calls back on the socket's own context (registration, delivery,
 * write completions), so {@link #queued} and the delivery state are touched there only;
 * {@link #resyncSince} and {@link #ending} are read by the session sweep on another thread and
 * are volatile; {@link #listening} is a concurrent set.
 */
final class LiveClient {
  /** The single message a client gets when its backlog overflows: reload and replay. */
  static final String RESYNC = "{\"type\":\"resync\"}";
  static final Buffer RESYNC_BYTES = Buffer.buffer(RESYNC);

  final SockJSSocket socket;
  final CurrentUser user;
  final Context context;
  /** The event-loop thread of {@link #context}: where this client's state is touched. */
  final Thread loop;
  /** The raw websocket transport gets binary frames (as the stock bridge sends); SockJS gets text. */
  final boolean raw;
  /** The SockJS session id of a polling transport, bound to this user's session; else null. */
  final String sockJsSession;
  /** Whether its connection's flushes are coalesced (a websocket; see {@link FlushCoalescing}). */
  final boolean coalesced;
  final Set<String> listening = ConcurrentHashMap.newKeySet();
  int queued;
  int maxQueued;
  long delivered;
  long dropped;
  long resyncs;
  boolean resyncing;
  volatile long resyncSince = -1;
  volatile boolean ending;

  LiveClient(SockJSSocket socket, CurrentUser user, Context context, boolean raw, String sockJsSession,
      boolean coalesced) {
    this.coalesced = coalesced;
    // Created on the socket's own context (the bridge's socket-created hook).
    this.loop = Thread.currentThread();
    this.socket = socket;
    this.user = user;
    this.context = context;
    this.raw = raw;
    this.sockJsSession = sockJsSession;
  }

  /**
   * Writes a frame unless the backlog is full. At {@code limit} unflushed frames (or a full
   * socket write queue) the client gets one {@link #RESYNC} and then nothing until everything
   * queued has gone out; from then on it gets events again and closes the gap by replaying
   * ({@code GET /api/events?after=<last seq it has>}). On the socket's context only.
   *
   * @return true when this frame started a resync (the client was just told to reload)
   */
  boolean deliver(LiveFrame frame, int limit) {
    if (ending) {
      return false;
    }
    if (resyncing) {
      dropped++;
      return false;
    }
    if (queued >= limit || writeQueueFull()) {
      resyncing = true;
      resyncSince = System.currentTimeMillis();
      resyncs++;
      dropped++;
      write(RESYNC, RESYNC_BYTES);
      LiveBridge.LOG.info("Live socket of {} fell {} events behind: sent resync", user.username(), limit);
      return true;
    }
    if (ending) {
      return false;
    }
    delivered++;
    write(frame.text(), frame.bytes());
    return false;
  }

  /** The socket's own write queue is full; a socket closed meanwhile counts as full (it throws). */
  private boolean writeQueueFull() {
    try {
      return socket.writeQueueFull();
    } catch (IllegalStateException closed) {
      ending = true;
      return false;
    }
  }

  private void write(String text, Buffer bytes) {
    if (ending) {
      return;
    }
    queued++;
    if (queued > maxQueued) {
      maxQueued = queued;
    }
    (raw ? socket.write(bytes) : socket.write(text)).onComplete(ar -> {
      queued--;
      if (resyncing && queued == 0) {
        resyncing = false;
        resyncSince = -1;
      }
    });
  }

  /** Tells the client why (a bridge-style error frame) and closes the socket; any thread. */
  void end(String why) {
    if (ending) {
      return;
    }
    ending = true;
    context.runOnContext(v -> {
      String err = "{\"type\":\"err\",\"body\":\"" + why + "\"}";
      // Written and closed at once: a stalled socket would never complete the write.
      if (raw) {
        socket.write(Buffer.buffer(err));
      } else {
        socket.write(err);
      }
      socket.close();
    });
  }
}
