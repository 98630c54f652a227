package io.gridwatch.cases.workflow;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Something that happened to a case, as the store appends it to the case's event log (and the
 * outbox). Immutable; {@link #toMap()} gives a plain map of strings, numbers, booleans and lists,
 * ready for JSON.
 *
 * <p>Events the clocks react to: {@code registered} (investigation clock starts), {@code
 * extended} ({@code workingDays}, {@code totalWorkingDays}), {@code parked} / {@code unparked}
 * (pause / resume), {@code dispatched} (on-site promise starts), {@code arrived}, {@code
 * resolved}, {@code closed}, {@code declined}, {@code merged} (clocks stop), {@code reopened} and
 * {@code verification-failed} (返工).
 *
 * @param type the wire name, e.g. {@code registered}, {@code verification-failed}
 * @param caseId the case
 * @param version the case's version after the event
 * @param actor who did it
 * @param from the status before
 * @param to the status after (the same as {@code from} for accept, extend and follow-up)
 * @param data the payload: simple values only
 */
public record CaseEvent(String type, long caseId, long version, Actor actor, CaseStatus from, CaseStatus to,
    Map<String, Object> data) {

  public CaseEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    data = Map.copyOf(data);
  }

  /** The event as a plain map: type, caseId, version, actor {userId, role}, from, to, data. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", type);
    m.put("caseId", caseId);
    m.put("version", version);
    m.put("actor", Map.of("userId", actor.userId(), "role", actor.role().name()));
    m.put("from", from.name());
    m.put("to", to.name());
    m.put("data", new LinkedHashMap<>(data));
    return m;
  }
}
