package io.gridwatch.notifications;

import io.gridwatch.audit.AuditLog;
import io.gridwatch.config.GridWatchConfig;
import io.gridwatch.config.NotificationSettings;
import io.gridwatch.geo.model.GridCell;
import io.gridwatch.geo.GridService;
import io.gridwatch.http.Endpoint;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifications capability, assembled: the channels (webhook), the rules, the dispatcher and
 * the sender verticles, and the HTTP endpoint. {@link #start()} configures the default rule from
 * {@code notifications.webhookUrl} and deploys both verticles; every node runs them (the cursor
 * row and the claims keep them from doing anything twice).
 */
public final class Notifications {
  private static final Logger LOG = LoggerFactory.getLogger(Notifications.class);
  private final Vertx vertx;
  private final NotificationSettings settings;
  private final NotificationRules rules;
  private final WebhookChannel webhook;
  private final Map<String, NotificationChannel> channels;
  private final NotificationDispatcher dispatcher;
  private final NotificationSender sender;
  private final NotificationsEndpoint endpoint;
  private final List<String> deployments = new java.util.concurrent.CopyOnWriteArrayList<>();

  public Notifications(Vertx vertx, Pool pool, AuditLog audit, GridService grid, GridWatchConfig config, Clock clock) {
    this.vertx = vertx;
    this.settings = config.notifications();
    this.rules = new NotificationRules(pool, audit, clock);
    this.webhook = new WebhookChannel(vertx, settings.timeoutMillis());
    // The place to register another channel (docs/notifications.md, "Adding SMS").
    this.channels = Map.of(webhook.name(), webhook);
    this.dispatcher = new NotificationDispatcher(pool, clock, settings.pollMillis(), cellNames(grid));
    this.sender = new NotificationSender(pool, clock, settings, channels);
    this.endpoint = new NotificationsEndpoint(rules, new DeliveryStore(pool), code -> grid.snapshot().cellsByCode().containsKey(code),
        channels.keySet(), config);
  }

  /** The cell names of the current grid, for the messages' text. */
  public static Function<String, String> cellNames(GridService grid) {
    return code -> {
      GridCell cell = grid.snapshot().cellsByCode().get(code);
      return cell == null ? null : cell.name();
    };
  }

  /** Configures the default rule, then deploys the dispatcher and the sender. */
  public Future<Void> start() {
    return rules.configureDefault(settings.webhookUrl(), settings.webhookSecret())
        .onSuccess(n -> {
          if (n > 0) {
            LOG.info("Notifications: the default rule (mass incidents) now posts to the configured webhook");
          } else if (settings.webhookUrl().isEmpty()) {
            LOG.info("Notifications: no {} set; the default rule (mass incidents) stays disabled",
                io.gridwatch.config.ConfigKeys.envName(io.gridwatch.config.ConfigKeys.NOTIFICATIONS_WEBHOOK_URL));
          }
        })
        .compose(n -> vertx.deployVerticle(dispatcher))
        .compose(id -> {
          deployments.add(id);
          return vertx.deployVerticle(sender);
        })
        .map(id -> {
          deployments.add(id);
          return null;
        });
  }

  /**
   * Undeploys the dispatcher and the sender while the pool is still open: a round in progress
   * finishes or fails cleanly (a claimed message is claimable again after its lease).
   */
  public Future<Void> stop() {
    List<Future<Void>> undeployed = new java.util.ArrayList<>();
    for (String id : deployments) {
      undeployed.add(vertx.undeploy(id));
    }
    deployments.clear();
    webhook.close();
    return Future.join(undeployed).mapEmpty();
  }

  public List<Endpoint> endpoints() {
    return List.of(endpoint);
  }

  public NotificationRules rules() {
    return rules;
  }

  public NotificationDispatcher dispatcher() {
    return dispatcher;
  }

  public NotificationSender sender() {
    return sender;
  }

  public Map<String, NotificationChannel> channels() {
    return channels;
  }
}
