SELECT seq, type, at, payload FROM event_outbox WHERE case_id = $1 AND type LIKE 'deadline.%' ORDER BY seq
