INSERT INTO event_outbox (seq, event_id, case_id, cell_code, type, at, payload) VALUES ($1, $2, $3, $4, $5, $6, $7)
