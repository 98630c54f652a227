-- Live events (io.gridwatch.live): who an outbox row is addressed to besides its cell, and a
-- wake-up call for the outbox relay.

-- Users an event is addressed to personally (gw.user.<id>): e.g. the inspectors a case is
-- dispatched to. Filled by the writer of the row (io.gridwatch.cases.CaseStore).
ALTER TABLE event_outbox ADD COLUMN recipients bigint[] NOT NULL DEFAULT '{}';

-- One NOTIFY per inserting statement on channel gw_outbox, delivered when (and only if) the
-- transaction commits. The payload is empty on purpose: identical notifications of one
-- transaction are folded into one, and the relay reads everything after the last seq it
-- published anyway, so a notification only says "look now". A lost notification (the relay's
-- connection was down) costs latency, not events: the relay also polls.
CREATE FUNCTION event_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('gw_outbox', '');
  RETURN NULL;
END;
$$;

CREATE TRIGGER event_outbox_notify
  AFTER INSERT ON event_outbox
  FOR EACH STATEMENT EXECUTE FUNCTION event_outbox_notify();
