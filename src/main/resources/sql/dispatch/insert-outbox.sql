-- A staff event: it belongs to no case (case_id NULL), on the staff member's grid cell.
INSERT INTO event_outbox (seq, event_id, case_id, cell_code, type, at, payload) VALUES ($1, $2, NULL, $3, $4, $5, $6)
