-- One case event and its outbox row under the next system-wide seq, in one statement, with the
-- users it is addressed to (gw.user.<id>). Sent last in its transaction, right before COMMIT: the
-- event_seq row lock that orders all writers (gapless seqs committing in order) is then held for
-- one round trip, not for the whole transaction. "at" is the event's time as JSON renders a
-- timestamptz: ISO-8601 with offset.
WITH s AS (UPDATE event_seq SET last = last + 1 RETURNING last),
     e AS (INSERT INTO case_event (case_id, version, type, actor_id, actor_name, data)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING at)
INSERT INTO event_outbox (seq, event_id, case_id, cell_code, type, at, recipients, payload)
SELECT s.last, $7, $1, $8, $9, e.at, $11,
  $10::jsonb || jsonb_build_object('seq', s.last, 'at', e.at)
FROM s, e
