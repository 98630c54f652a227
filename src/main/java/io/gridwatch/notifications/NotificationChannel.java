package io.gridwatch.notifications;

import io.vertx.core.Future;

/**
 * A way to reach a person away from the screen: {@code webhook} ships ({@link WebhookChannel});
 * {@code sms} is the next one (docs/notifications.md says how to add it). The sender calls
 * {@link #send} once per attempt, on an event loop: an implementation must not block it (use
 * Vert.x's clients, or {@code executeBlocking} for a blocking SDK) and must finish within its own
 * timeout. Implementations are shared by every sender and must be thread-safe.
 */
public interface NotificationChannel {
  /** The name rules use ({@code webhook}, {@code sms}). */
  String name();

  /**
   * Delivers one message. The future succeeds with the outcome in both cases (delivered or
   * not); a failed future counts as a failed attempt with its message as the error.
   */
  Future<DeliveryResult> send(Notification n);
}
