INSERT INTO case_supervision (case_id, level, source, unit, due_at, note, placed_by, placed_at)
VALUES ($1, $2, 'MANUAL', $3, $4, $5, $6, $7)
