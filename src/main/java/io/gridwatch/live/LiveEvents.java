package io.gridwatch.live;

import io.gridwatch.auth.AccessPolicy;
import io.gridwatch.auth.AuthService;
import io.gridwatch.config.LiveSettings;
import io.gridwatch.http.Endpoint;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.util.List;

/**
 * The live-events capability put together: the outbox relay (a verticle), the event-bus bridge
 * at {@code /eventbus} and the replay endpoint {@code GET /api/events}.
 *
 * <p>Start order: {@link #start()} (the relay) completes before the HTTP server is deployed, so
 * that no socket can exist before the relay has fixed its starting point: a client that connects
 * and then replays is guaranteed that every event after its replay reaches its socket. Stop:
 * {@link #stop()} (or closing Vert.x, which undeploys the relay). Not thread-safe for start/stop;
 * the parts are.
 */
public final class LiveEvents {
  private final Vertx vertx;
  private final Pool pool;
  private final PgConnectOptions listenOptions;
  private final LiveSettings settings;
  private final LiveBridge bridge;
  private final EventsEndpoint events;
  private OutboxRelay relay;
  private String relayDeployment;
  private boolean codecRegistered;

  public LiveEvents(Vertx vertx, Pool pool, PgConnectOptions listenOptions, AuthService auth, AccessPolicy policy,
      LiveSettings settings) {
    this.vertx = vertx;
    this.pool = pool;
    this.listenOptions = listenOptions;
    this.settings = settings;
    this.bridge = new LiveBridge(vertx, auth, policy, settings);
    this.events = new EventsEndpoint(new EventStore(pool));
  }

  /** Registers the frame codec and deploys the relay, starting at the newest committed event. */
  public Future<Void> start() {
    if (!codecRegistered) {
      vertx.eventBus().registerCodec(new LiveFrame.Codec());
      codecRegistered = true;
    }
    return deployRelay(-1);
  }

  private Future<Void> deployRelay(long startAfter) {
    OutboxRelay r = new OutboxRelay(pool, listenOptions, settings.pollMillis(), startAfter, bridge::delivered);
    return vertx.deployVerticle(r).onSuccess(id -> {
      relay = r;
      relayDeployment = id;
    }).mapEmpty();
  }

  /**
   * Stops the relay and starts a new one where it left off: after a lost database, or in tests
   * of exactly that. Events committed meanwhile are published by the new relay, once each.
   */
  public Future<Void> restartRelay() {
    return stopRelay().compose(last -> deployRelay(last));
  }

  /** Undeploys the relay; the answer is the last seq it published. */
  public Future<Long> stopRelay() {
    if (relayDeployment == null) {
      return Future.succeededFuture(relay == null ? -1L : relay.lastPublished());
    }
    OutboxRelay r = relay;
    String id = relayDeployment;
    relayDeployment = null;
    return vertx.undeploy(id).map(v -> r.lastPublished());
  }

  /** Starts a relay after {@code seq} (tests: a relay that resumes from a known position). */
  public Future<Void> startRelayAfter(long seq) {
    return deployRelay(seq);
  }

  /** Stops the relay and the bridge's session sweep. */
  public Future<Void> stop() {
    bridge.stop();
    return stopRelay().mapEmpty();
  }

  /** The routes: the bridge and the replay. */
  public List<Endpoint> endpoints() {
    return List.of(bridge, events);
  }

  public LiveBridge bridge() {
    return bridge;
  }

  /** The running relay (null before start). */
  public OutboxRelay relay() {
    return relay;
  }
}
