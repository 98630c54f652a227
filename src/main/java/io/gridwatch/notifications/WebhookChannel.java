package io.gridwatch.notifications;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code webhook} channel: POSTs {@link Notification#toJson()} to the rule's URL with
 * {@code X-GridWatch-Signature: sha256=<hex HMAC-SHA256 of the body with the rule's secret>} and
 * {@code X-GridWatch-Delivery: <message id>}. A 2xx answer within the timeout is delivered;
 * anything else (another status, no answer, a timeout) is a failed attempt. Redirects are not
 * followed (the signature is for the URL configured). Non-blocking, thread-safe.
 */
public final class WebhookChannel implements NotificationChannel {
  public static final String NAME = "webhook";
  public static final String SIGNATURE_HEADER = "X-GridWatch-Signature";
  public static final String DELIVERY_HEADER = "X-GridWatch-Delivery";
  private final WebClient client;
  private final int timeoutMillis;

  public WebhookChannel(Vertx vertx, int timeoutMillis) {
    this.client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false)
        .setConnectTimeout(timeoutMillis).setUserAgent("GridWatch-Notifications/1").setKeepAlive(false));
    this.timeoutMillis = timeoutMillis;
    // Loads the JCE provider here, at start, rather than on an event loop at the first send.
    sign("warm-up-key-0123", new byte[0]);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Future<DeliveryResult> send(Notification n) {
    Buffer body = Buffer.buffer(n.toJson().encode());
    long started = System.nanoTime();
    try {
      return client.postAbs(n.target())
          .timeout(timeoutMillis)
          .putHeader("Content-Type", "application/json; charset=utf-8")
          .putHeader(SIGNATURE_HEADER, "sha256=" + sign(n.secret(), body.getBytes()))
          .putHeader(DELIVERY_HEADER, String.valueOf(n.id()))
          .sendBuffer(body)
          .map(r -> {
            long ms = (System.nanoTime() - started) / 1_000_000;
            return r.statusCode() / 100 == 2 ? DeliveryResult.delivered(r.statusCode(), ms)
                : DeliveryResult.failed(r.statusCode(), "HTTP " + r.statusCode(), ms);
          })
          .recover(e -> Future.succeededFuture(DeliveryResult.failed(null, describe(e),
              (System.nanoTime() - started) / 1_000_000)));
    } catch (RuntimeException e) {
      // A target the client cannot even parse: a failed attempt, like any other.
      return Future.succeededFuture(DeliveryResult.failed(null, describe(e), 0));
    }
  }

  /** Hex HMAC-SHA256 of {@code body} under {@code secret} (UTF-8). */
  public static String sign(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** The error without the URL (its query may hold a token). */
  private static String describe(Throwable e) {
    String kind = e.getClass().getSimpleName();
    String msg = e.getMessage() == null ? "" : e.getMessage();
    if (kind.contains("Timeout") || msg.toLowerCase(java.util.Locale.ROOT).contains("timeout")) {
      return "timeout";
    }
    if (kind.contains("Connect") || msg.contains("Connection refused")) {
      return "connection failed: " + kind;
    }
    return kind;
  }

  public void close() {
    client.close();
  }
}
