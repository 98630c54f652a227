-- Outbox rows after the cursor ($1), oldest first, at most $2: the cases that changed (filed,
-- moved, merged into). Committed rows only, in seq order (gapless, V4): nothing is missed.
SELECT seq, case_id FROM event_outbox WHERE seq > $1 ORDER BY seq LIMIT $2
