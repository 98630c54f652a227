package io.gridwatch.live;

import io.gridwatch.auth.AccessPolicy;
import io.gridwatch.auth.AuthService;
import io.gridwatch.auth.CurrentUser;
import io.gridwatch.auth.SessionCookie;
import io.gridwatch.auth.SessionRevocations;
import io.gridwatch.auth.SessionRevocations.Revocation;
import io.gridwatch.config.LiveSettings;
import io.gridwatch.http.ApiException;
import io.gridwatch.http.Endpoint;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import io.vertx.ext.web.handler.sockjs.Transport;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SockJS event-bus bridge at {@code /eventbus} (and its raw websocket at
 * {@code /eventbus/websocket}): outbound only, authenticated, scoped.
 *
 * <ol>
 *   <li><b>Every HTTP request</b> under {@code /eventbus} (the websocket upgrade, SockJS's
 *       {@code /info} and polling requests) passes {@link #admit} first: a browser's
 *       {@code Origin} must be the server's own or in {@code live.allowedOrigins} (403
 *       otherwise: cross-site websocket hijacking is refused before the cookie is even looked
 *       at); a session is required, as for the API ({@code Authorization: Bearer} or the
 *       {@code GW_SESSION} cookie; 401 otherwise, so an unauthenticated client never gets a
 *       socket); and the role must be one that may replay events ({@code GET /api/events} in
 *       {@link AccessPolicy}: the socket and the replay admit the same people). A polling
 *       transport's SockJS session stays bound to the session that opened it.
 *   <li><b>Registrations</b> are decided in the bridge event handler ({@link #onBridgeEvent}),
 *       synchronously, from the user fixed when the socket was admitted: only
 *       {@link LiveAddresses#mayListen} addresses. Following vertx-web issue 2007 (the bridge
 *       runs its own permitted-address check only after the hook approved), the hook never
 *       writes to the socket before deciding, never changes the raw message, and refuses every
 *       event type it does not know; the bridge's own outbound whitelist
 *       ({@link LiveAddresses#ALL_REGEX}) and empty inbound whitelist stay in place as a second,
 *       independent check. Inbound {@code send} and {@code publish} are refused.
 *   <li><b>Delivery</b> does not go through the bridge's per-socket consumers: a registration
 *       the hook allows is also entered in {@link LiveFanout}, which keeps one event-bus consumer
 *       per event loop and address and writes the frame the relay encoded once for all sockets
 *       ({@link LiveFrame}) to each listening socket through {@link LiveClient}'s bounded
 *       backlog. The relay publishes on {@link LiveFanout#busAddress} addresses, so the bridge's
 *       own consumers (on the public addresses) receive nothing, and a {@code RECEIVE} event,
 *       should one come, is refused. Websocket connections coalesce the flushes of one delivery
 *       round ({@link FlushCoalescing}).
 *   <li><b>Revocation</b>: when a session ends or a user's rights change (logout, password
 *       change or reset, disabling, a new role or grid), {@link SessionRevocations} publishes it
 *       on the event bus; {@link #revoked} closes the affected sockets at once, on every event
 *       loop of this node (each socket is closed on its own context), and every node hears it.
 *       A socket admitted just before a revocation but created just after is refused by
 *       {@link #created} (recent revocations are remembered for a minute).
 *   <li><b>Session end</b> (the backstop): every {@code live.sessionCheckSeconds} the sessions of all open
 *       sockets are checked in one query; a socket whose session was logged out, went idle, or
 *       whose user was disabled or changed role or grid gets {@code {"type":"err","body":
 *       "session_ended"}} and is closed. Sockets do not keep sessions alive.
 *   <li><b>Cleanup</b>: the bridge closes a socket that sends no ping for 10 s (the
 *       vertx-eventbus client pings every 5 s); a socket whose backlog has not drained a minute
 *       after its resync is closed too; closed sockets leave the registry at once.
 * </ol>
 * Thread-safety: the registry is concurrent; per-socket state is touched on the socket's context
 * (see {@link LiveClient}).
 */
public final class LiveBridge implements Endpoint {
  static final Logger LOG = LoggerFactory.getLogger(LiveBridge.class);
  public static final String PATH = "/eventbus";
  static final String USER_KEY = "gridwatch.live.user";
  static final String ADMITTED_AT_KEY = "gridwatch.live.admittedAt";
  /** How long a revocation is remembered for sockets admitted before it but created after it. */
  static final long REMEMBER_REVOCATIONS_MS = 60_000;
  static final long PING_TIMEOUT_MS = 10_000;
  static final long STUCK_RESYNC_MS = 60_000;
  static final int MAX_ADDRESSES_PER_SOCKET = 200;
  /** The largest body a SockJS polling client may POST (its register/ping frames are tiny). */
  static final long MAX_SEND_BYTES = 64 * 1024;
  /** How long an event-bus consumer outlives the last socket of its loop listening on its address. */
  static final long CONSUMER_RETIRE_MS = 10_000;
  /** SockJS polling URLs: /eventbus/{server}/{session}/{transport}. */
  private static final Pattern POLLING = Pattern.compile(
      Pattern.quote(PATH) + "/[^/.]+/([^/.]+)/(xhr|xhr_send|xhr_streaming|eventsource)/?");

  private final Vertx vertx;
  private final AuthService auth;
  private final AccessPolicy policy;
  private final LiveSettings settings;
  private final Set<String> allowedOrigins;
  private final Map<SockJSSocket, LiveClient> clients = new ConcurrentHashMap<>();
  /** SockJS session id of a polling transport → the GridWatch session that opened it. */
  private final Map<String, Binding> bindings = new ConcurrentHashMap<>();
  private final LongAdder refusedRegistrations = new LongAdder();
  private final LiveFanout fanout;
  /** Revocations of the last minute, with the time they arrived (see {@link #created}). */
  private final java.util.concurrent.ConcurrentLinkedDeque<Map.Entry<Long, Revocation>> recentRevocations =
      new java.util.concurrent.ConcurrentLinkedDeque<>();
  private final MessageConsumer<JsonObject> revocationConsumer;
  /** The first bridge, built at start-up (see {@link #sockJsRouter()}); null once mounted. */
  private Router prebuilt;
  private long sweepTimer = -1;

  private record Binding(String sessionId, long since) {}

  /**
   * Counters for tests, benchmarks and monitoring; a snapshot.
   *
   * @param eventLoops event loops with listening sockets
   * @param busConsumers event-bus consumers feeding the sockets (one per loop and address)
   * @param coalescedSockets open websockets whose flushes are coalesced ({@link FlushCoalescing})
   */
  public record Stats(int sockets, long delivered, long dropped, long resyncs, int maxQueued, long refusedRegistrations,
      int eventLoops, int busConsumers, int coalescedSockets) {}

  public LiveBridge(Vertx vertx, AuthService auth, AccessPolicy policy, LiveSettings settings) {
    this.vertx = vertx;
    this.auth = auth;
    this.policy = policy;
    this.settings = settings;
    this.allowedOrigins = Set.copyOf(settings.allowedOrigins());
    this.fanout = new LiveFanout(vertx, settings.maxQueuedPerSocket(), CONSUMER_RETIRE_MS);
    this.prebuilt = sockJsRouter();
    this.revocationConsumer = vertx.eventBus().consumer(SessionRevocations.ADDRESS,
        m -> revoked(Revocation.fromJson(m.body())));
  }

  /**
   * Builds the SockJS bridge router now, on the caller's thread (start-up), not on the HTTP
   * server's event loop: its first use loads many classes and seeds a secure random generator.
   */
  private Router sockJsRouter() {
    SockJSHandlerOptions sockJs = new SockJSHandlerOptions()
        // No sticky-session cookie: any node serves any socket (the relay runs on each).
        .setInsertJSESSIONID(false)
        // The iframe page must not pull the client library from a CDN: the wall works offline.
        .setLibraryURL("/vendor/sockjs.min.js")
        // JSONP and htmlfile exist for browsers without XHR streaming; JSONP also executes
        // server-chosen script in the page. Websocket, XHR and EventSource remain.
        .addDisabledTransport(Transport.JSON_P.name())
        .addDisabledTransport(Transport.HTML_FILE.name());
    SockJSBridgeOptions bridge = new SockJSBridgeOptions()
        .addOutboundPermitted(new PermittedOptions().setAddressRegex(LiveAddresses.ALL_REGEX))
        // No inbound permitted: every send and publish from a client is refused.
        .setMaxHandlersPerSocket(MAX_ADDRESSES_PER_SOCKET)
        .setMaxAddressLength(64)
        .setPingTimeout(PING_TIMEOUT_MS);
    return SockJSHandler.create(vertx, sockJs).bridge(bridge, this::onBridgeEvent);
  }

  /**
   * Mounts the bridge. Each call (each HTTP server instance, should the server run several)
   * gets a bridge of its own: the vertx-web bridge keeps per-socket state in plain maps, so one
   * bridge must not serve two event loops.
   */
  @Override
  public synchronized void addRoutes(Router router) {
    Router bridge = prebuilt != null ? prebuilt : sockJsRouter();
    prebuilt = null;
    router.route(PATH + "/*").handler(this::admit);
    // SockJS polling transports send their frames as POST bodies (xhr_send), which vertx-web 5
    // reads only through a BodyHandler. Method-less route: the API's route list stays the API's.
    BodyHandler sends = BodyHandler.create(false).setBodyLimit(MAX_SEND_BYTES);
    router.route(PATH + "/*").handler(ctx -> {
      if (ctx.request().method() == HttpMethod.POST) {
        sends.handle(ctx);
      } else {
        ctx.next();
      }
    });
    router.route(PATH + "/*").subRouter(bridge);
    if (sweepTimer == -1) {
      sweepTimer = vertx.setPeriodic(settings.sessionCheckSeconds() * 1000L, id -> sweep());
    }
  }

  /** Stops the session sweep (the sockets close with the HTTP server). */
  public void stop() {
    revocationConsumer.unregister();
    if (sweepTimer != -1) {
      vertx.cancelTimer(sweepTimer);
      sweepTimer = -1;
    }
  }

  /**
   * Completes once every frame published before this call has been handed to the sockets (see
   * {@link LiveFanout#delivered}). The relay's backpressure.
   */
  public Future<Void> delivered() {
    return fanout.delivered();
  }

  public Stats stats() {
    long delivered = 0;
    long dropped = 0;
    int maxQueued = 0;
    int coalesced = 0;
    for (LiveClient c : clients.values()) {
      coalesced += c.coalesced ? 1 : 0;
      delivered += c.delivered;
      dropped += c.dropped;
      maxQueued = Math.max(maxQueued, c.maxQueued);
    }
    return new Stats(clients.size(), delivered, dropped, fanout.resyncs.sum(), maxQueued, refusedRegistrations.sum(),
        fanout.eventLoops(), fanout.consumers(), coalesced);
  }

  // ---- admission (HTTP) ----

  private void admit(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String origin = request.getHeader("Origin");
    if (origin != null && !originAllowed(origin, request)) {
      LOG.warn("Refused a live socket from origin {} (allowed: this server's own and {})", origin, allowedOrigins);
      ctx.fail(ApiException.forbidden("origin-not-allowed", "Pages from " + origin + " may not open the live socket;"
          + " add the origin to live.allowedOrigins if it is yours."));
      return;
    }
    String token = token(request);
    if (token == null) {
      ctx.fail(ApiException.unauthorized("unauthorized", "Log in first (POST /api/auth/login), then connect with the"
          + " session cookie or 'Authorization: Bearer <token>'."));
      return;
    }
    if (!request.isEnded()) {
      request.pause();
    }
    // Taken before the session is read: a revocation that arrives from now on may have been
    // missed by that read, so the socket is refused when it is created (see created()).
    long checkedFrom = System.currentTimeMillis();
    auth.authenticate(token).onComplete(ar -> {
      if (!request.isEnded()) {
        request.resume();
      }
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      CurrentUser user = ar.result();
      if (!mayConnect(user)) {
        ctx.fail(ApiException.forbidden("forbidden", "The role " + user.role() + " does not receive live events."));
        return;
      }
      Matcher polling = POLLING.matcher(ctx.normalizedPath());
      if (polling.matches()) {
        Binding b = bindings.computeIfAbsent(polling.group(1), k -> new Binding(user.sessionId(),
            System.currentTimeMillis()));
        if (!b.sessionId().equals(user.sessionId())) {
          ctx.fail(ApiException.forbidden("forbidden", "This SockJS session belongs to another login."));
          return;
        }
      }
      ctx.put(USER_KEY, user);
      ctx.put(ADMITTED_AT_KEY, checkedFrom);
      ctx.next();
    });
  }

  private boolean mayConnect(CurrentUser user) {
    return policy.find(HttpMethod.GET, EventsEndpoint.PATH).map(r -> r.allows(user.role())).orElse(false);
  }

  /**
   * The server's own origin (what the browser addressed: the Host header, compared with the
   * origin's host and port) or one configured in {@code live.allowedOrigins}.
   */
  boolean originAllowed(String origin, HttpServerRequest request) {
    String normal = LiveSettings.normaliseOrigin(origin);
    if (normal == null) {
      return false;
    }
    if (allowedOrigins.contains(normal)) {
      return true;
    }
    HostAndPort host = request.authority();
    if (host == null) {
      return false;
    }
    String own = (host.host() + (host.port() > 0 ? ":" + host.port() : "")).toLowerCase(Locale.ROOT);
    return normal.substring(normal.indexOf("://") + 3).equals(own);
  }

  private static String token(HttpServerRequest request) {
    String authorization = request.getHeader("Authorization");
    if (authorization != null) {
      String h = authorization.strip();
      if (h.length() > 7 && h.substring(0, 7).equalsIgnoreCase("bearer ")) {
        String t = h.substring(7).strip();
        return t.isEmpty() ? null : t;
      }
      return null;
    }
    Cookie c = request.getCookie(SessionCookie.NAME);
    return c == null || c.getValue().isEmpty() ? null : c.getValue();
  }

  // ---- the bridge event handler ----

  /**
   * Decides every bridge event; see the class comment. Called on the socket's context. Every
   * branch completes the event exactly once and decides from state already at hand.
   */
  void onBridgeEvent(BridgeEvent event) {
    try {
      decide(event);
    } catch (RuntimeException e) {
      // Fail closed, and never leave the bridge waiting on an event nobody completes.
      LOG.warn("Live bridge event {} failed: {}", event.type(), e.toString());
      event.tryComplete(false);
    }
  }

  private void decide(BridgeEvent event) {
    SockJSSocket socket = event.socket();
    switch (event.type()) {
      case SOCKET_CREATED -> {
        boolean admitted = created(socket);
        event.complete(admitted);
        if (admitted) {
          quietExceptions(socket);
        }
      }
      case REGISTER -> {
        LiveClient c = clients.get(socket);
        String address = event.getRawMessage() == null ? null : event.getRawMessage().getString("address");
        boolean allowed = c != null && !c.ending && LiveAddresses.mayListen(c.user, address);
        if (allowed) {
          if (c.listening.add(address)) {
            fanout.subscribe(c, address);
          }
        } else {
          refusedRegistrations.increment();
          LOG.info("Refused {} listening on {}", c == null ? "an unknown socket" : c.user.username(), address);
        }
        event.complete(allowed);
      }
      case UNREGISTER -> {
        LiveClient c = clients.get(socket);
        String address = event.getRawMessage() == null ? null : event.getRawMessage().getString("address");
        if (c != null && address != null && c.listening.remove(address)) {
          fanout.unsubscribe(c, address);
        }
        event.complete(true);
      }
      // Frames reach sockets through LiveFanout, never through the bridge's own consumers (they
      // listen on the public addresses, where nothing is published): refuse whatever comes.
      case RECEIVE -> event.complete(false);
      case SOCKET_CLOSED, SOCKET_ERROR -> {
        closed(socket);
        event.complete(true);
      }
      // Ping keeps the socket open; idle lets the bridge close it; registered is informational.
      case SOCKET_PING, SOCKET_IDLE, REGISTERED -> event.complete(true);
      // SEND, PUBLISH and anything a later version adds: refused.
      default -> event.complete(false);
    }
  }

  private boolean created(SockJSSocket socket) {
    CurrentUser user = socket.routingContext() == null ? null : socket.routingContext().get(USER_KEY);
    if (user == null) {
      return false;
    }
    Long admittedAt = socket.routingContext().get(ADMITTED_AT_KEY);
    for (Map.Entry<Long, Revocation> r : recentRevocations) {
      if (admittedAt != null && r.getKey() >= admittedAt && r.getValue().concerns(user)) {
        LOG.debug("Refused a live socket of {}: its session was revoked while it opened", user.username());
        return false;
      }
    }
    String path = socket.routingContext().normalizedPath();
    boolean raw = path.equals(PATH + "/websocket") || path.equals(PATH + "/websocket/");
    Matcher polling = POLLING.matcher(path);
    String sockJsSession = polling.matches() ? polling.group(1) : null;
    boolean coalesced = (raw || path.endsWith("/websocket"))
        && FlushCoalescing.install(socket.routingContext().request().connection());
    clients.put(socket, new LiveClient(socket, user, vertx.getOrCreateContext(), raw, sockJsSession, coalesced));
    return true;
  }

  /**
   * Replaces the bridge's exception handler, which logs every socket exception at ERROR with a
   * stack trace: a wall whose network drops (a reset connection, a half-sent frame) is routine,
   * not an error. Logged at DEBUG; the socket is closed, which runs the bridge's close handler
   * (its own cleanup and SOCKET_CLOSED, hence {@link #closed}). Queued on the socket's context,
   * so it runs after the bridge has installed its handlers for the socket just approved.
   */
  private void quietExceptions(SockJSSocket socket) {
    vertx.getOrCreateContext().runOnContext(v -> socket.exceptionHandler(t -> {
      LiveClient c = clients.get(socket);
      LOG.debug("Live socket of {} failed, closing it: {}", c == null ? "an unknown user" : c.user.username(),
          t.toString());
      closed(socket);
      try {
        socket.close();
      } catch (RuntimeException alreadyClosed) {
        // Nothing left to close.
      }
    }));
  }

  private void closed(SockJSSocket socket) {
    LiveClient c = clients.remove(socket);
    if (c == null) {
      return;
    }
    for (String address : List.copyOf(c.listening)) {
      fanout.unsubscribe(c, address);
    }
    c.listening.clear();
    if (c.sockJsSession != null) {
      bindings.remove(c.sockJsSession);
    }
  }

  // ---- revocation ----

  /**
   * Closes, at once, every socket of this node that {@code r} concerns: with
   * {@code session_ended}, or {@code session_changed} when only the user's scope changed (the
   * client reconnects and registers again under the new scope). Any thread: each socket is
   * closed on its own context.
   */
  void revoked(Revocation r) {
    long now = System.currentTimeMillis();
    recentRevocations.addLast(Map.entry(now, r));
    for (Map.Entry<Long, Revocation> old = recentRevocations.peekFirst();
        old != null && now - old.getKey() > REMEMBER_REVOCATIONS_MS; old = recentRevocations.peekFirst()) {
      recentRevocations.remove(old);
    }
    int closed = 0;
    for (LiveClient c : clients.values()) {
      if (r.concerns(c.user)) {
        c.end(r.scopeChanged() ? "session_changed" : "session_ended");
        closed++;
      }
    }
    if (closed > 0) {
      LOG.debug("Closed {} live socket(s) of user {}: {}", closed, r.userId(), r.reason());
    }
  }

  // ---- the periodic sweep ----

  /** Closes sockets whose session ended or whose user changed, and those stuck in resync. */
  private void sweep() {
    long now = System.currentTimeMillis();
    List<LiveClient> open = new ArrayList<>(clients.values());
    for (LiveClient c : open) {
      long since = c.resyncSince;
      if (since > 0 && now - since > STUCK_RESYNC_MS) {
        LOG.info("Closing the live socket of {}: its backlog has not drained for {} s", c.user.username(),
            (now - since) / 1000);
        c.end("too_slow");
      }
    }
    Set<String> inUse = new HashSet<>();
    open.forEach(c -> inUse.add(c.user.sessionId()));
    // Bindings whose socket never appeared (or is long gone) are forgotten.
    Set<String> boundSockets = new HashSet<>();
    open.forEach(c -> {
      if (c.sockJsSession != null) {
        boundSockets.add(c.sockJsSession);
      }
    });
    bindings.entrySet().removeIf(e -> !boundSockets.contains(e.getKey()) && now - e.getValue().since() > 60_000);
    if (inUse.isEmpty()) {
      return;
    }
    auth.openSessions(inUse).onComplete(ar -> {
      if (ar.failed()) {
        LOG.warn("Cannot check the sessions of live sockets: {}", ar.cause().getMessage());
        return;
      }
      Map<String, CurrentUser> still = ar.result();
      for (LiveClient c : open) {
        CurrentUser now2 = still.get(c.user.sessionId());
        if (now2 == null) {
          c.end("session_ended");
        } else if (now2.role() != c.user.role() || !Objects.equals(now2.gridCode(), c.user.gridCode())
            || !mayConnect(now2)) {
          // Its registrations were checked against the old scope: it reconnects under the new one.
          c.end("session_changed");
        }
      }
    });
  }
}
