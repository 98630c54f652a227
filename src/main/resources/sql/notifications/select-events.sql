-- Seqs commit in order (the event_seq row lock), so nothing after $1 can still appear below a
-- seq read here.
SELECT seq, type, cell_code, at, payload FROM event_outbox WHERE seq > $1 ORDER BY seq LIMIT $2
