package io.gridwatch.notifications;

import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;

/**
 * One message to one person about one event, as a channel sends it. Immutable.
 *
 * @param id the message's id (the webhook's {@code X-GridWatch-Delivery}; the same on every
 *     attempt, so a receiver can drop a repeat)
 * @param eventData the event's {@code data} as in the outbox: masked, like the live events
 * @param target where the rule sends (a webhook URL); a secret in parts (its query may hold a token)
 * @param secret the rule's HMAC key; never written anywhere but into the signature
 * @param text the short zh-CN message ({@link MessageText}, at most 70 characters)
 * @param attempt this attempt's number, from 1
 */
public record Notification(long id, long eventSeq, String eventType, OffsetDateTime eventAt, String cellCode,
    JsonObject eventData, long recipientId, String recipientName, String recipientRole, long ruleId, String ruleName,
    String target, String secret, String text, int attempt) {

  /** The message as JSON, as the webhook posts it (no secret, no target). */
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("event", new JsonObject().put("seq", eventSeq).put("type", eventType).put("at", eventAt.toString())
            .put("cellCode", cellCode).put("data", eventData == null ? new JsonObject() : eventData))
        // app_user holds no phone number yet: phone is null until an SMS channel adds one.
        .put("recipient", new JsonObject().put("userId", recipientId).put("name", recipientName)
            .put("role", recipientRole).putNull("phone"))
        .put("rule", new JsonObject().put("id", ruleId).put("name", ruleName))
        .put("text", text);
  }

  @Override
  public String toString() {
    return "Notification[id=" + id + ", event=" + eventSeq + " " + eventType + ", rule=" + ruleId + ", recipient="
        + recipientId + ", attempt=" + attempt + "]";
  }
}
