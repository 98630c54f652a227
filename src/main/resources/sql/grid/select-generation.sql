SELECT id, level, source, imported_by, imported_at, cell_count, report
  FROM grid_generation
 WHERE id = $1
