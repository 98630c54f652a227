-- evidence.added under the next system-wide seq, in one statement sent last in its transaction
-- (as cases/append-event.sql): the event_seq row lock that orders all writers is then held for
-- one round trip, not for the whole transaction. The case's event log (case_event) is not
-- touched: an attachment does not change the case's workflow version.
-- $1 case id, $2 the case's cell (null when unassigned), $3 time, $4 payload without seq,
-- $5 the users it is addressed to (the case's team).
WITH s AS (UPDATE event_seq SET last = last + 1 RETURNING last)
INSERT INTO event_outbox (seq, event_id, case_id, cell_code, type, at, recipients, payload)
SELECT s.last, gen_random_uuid(), $1, $2, 'evidence.added', $3, $5, $4::jsonb || jsonb_build_object('seq', s.last)
FROM s
