-- A staff event under the next system-wide seq, in one statement sent last in its transaction
-- (as cases/append-event.sql): the event_seq row lock that orders all writers is then held for
-- one round trip, not for the whole transaction. Staff events belong to no case (case_id NULL);
-- $1 the staff member's grid cell, $2 type, $3 time, $4 payload without seq.
WITH s AS (UPDATE event_seq SET last = last + 1 RETURNING last)
INSERT INTO event_outbox (seq, event_id, case_id, cell_code, type, at, payload)
SELECT s.last, gen_random_uuid(), NULL, $1, $2, $3, $4::jsonb || jsonb_build_object('seq', s.last)
FROM s
