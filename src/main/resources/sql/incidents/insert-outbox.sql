-- An incident event under the next system-wide seq, in one statement sent last in its transaction
-- (as cases/append-event.sql). Incident events belong to no case (case_id NULL); $1 cell, $2 type,
-- $3 time, $4 payload without seq, $5 users it is addressed to personally (the team).
WITH s AS (UPDATE event_seq SET last = last + 1 RETURNING last)
INSERT INTO event_outbox (seq, event_id, case_id, cell_code, type, at, recipients, payload)
SELECT s.last, gen_random_uuid(), NULL, $1, $2, $3, $5, $4::jsonb || jsonb_build_object('seq', s.last)
FROM s
