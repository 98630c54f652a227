SELECT id, level, source, reason, unit, due_at, note, placed_by, placed_at
FROM case_supervision WHERE case_id = $1 AND ended_at IS NULL
