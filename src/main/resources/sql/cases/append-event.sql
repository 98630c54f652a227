-- One case event and its outbox row under the next system-wide seq, in one statement. Sent last
-- in its transaction, right before COMMIT ($11: the users it is addressed to, gw.user.<id>): the event_seq row lock that orders all writers (gapless
-- seqs committing in order) is then held for one round trip, not for the whole transaction.
WITH s AS (UPDATE event_seq SET last = last + 1 RETURNING last),
     e AS (INSERT INTO case_event (case_id, version, type, actor_id, actor_name, data)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING at)
INSERT INTO event_outbox (seq, event_id, case_id, cell_code, type, at, recipients, payload)
SELECT s.last, $7, $1, $8, $9, e.at, $11,
  $10::jsonb || jsonb_build_object('seq', s.last, 'at', to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
FROM s, e
