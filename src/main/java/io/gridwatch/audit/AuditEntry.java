package io.gridwatch.audit;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * One line of the audit trail: who did what to which object, from where, and how it ended.
 * {@code detail} must never hold personal data in clear (phone and ID numbers, names of
 * complainants) nor secrets: say which fields were read, not their values.
 *
 * @param actorId the user's id, or null (anonymous, failed login of an unknown user, system)
 * @param actorName the username as given (also for failed logins), or "system"
 * @param action a dotted verb, e.g. {@code auth.login}, {@code grid.import}, {@code case.read-unmasked}
 * @param address the client's IP address, or null for the system
 */
public record AuditEntry(Long actorId, String actorName, String action, String objectType,
    String objectId, String address, Outcome outcome, JsonObject detail) {

  /** How the action ended. */
  public enum Outcome { SUCCESS, FAILURE, DENIED }

  public AuditEntry {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(outcome, "outcome");
    detail = detail == null ? new JsonObject() : detail;
  }
}
