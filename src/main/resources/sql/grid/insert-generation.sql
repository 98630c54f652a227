INSERT INTO grid_generation (level, source, imported_by, cell_count, report)
VALUES ($1, $2, $3, $4, $5)
RETURNING id, imported_at
