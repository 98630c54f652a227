package io.gridwatch.audit;

/**
 * Who did something, as the audit trail records it: a user (id, username and client address),
 * a command-line run, or the system itself. Immutable. Not the same as
 * {@link io.gridwatch.cases.workflow.Actor} (a signed-in user and their role, whom the workflow's
 * rules judge): this one names who acted, for the record, and also covers the system and the
 * command line, who have no role; the pure workflow core must not depend on the audit trail.
 *
 * @param id the user's id, or null for the system and the command line
 * @param name the username, or {@code system} / {@code cli}
 * @param address the client's IP address, or null
 */
public record Actor(Long id, String name, String address) {
  private static final Actor SYSTEM = new Actor(null, "system", null);
  private static final Actor CLI = new Actor(null, "cli", null);

  /** GridWatch itself (start-up seeding, sweeps). */
  public static Actor system() {
    return SYSTEM;
  }

  /** A command run on the server's own command line. */
  public static Actor cli() {
    return CLI;
  }

  /** An audit line by this actor. */
  public AuditEntry entry(String action, String objectType, String objectId, AuditEntry.Outcome outcome,
      io.vertx.core.json.JsonObject detail) {
    return new AuditEntry(id, name, action, objectType, objectId, address, outcome, detail);
  }
}
