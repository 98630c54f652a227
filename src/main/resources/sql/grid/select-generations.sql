SELECT id, level, source, imported_by, imported_at, cell_count,
       jsonb_build_object(
         'repaired', COALESCE(jsonb_array_length(report -> 'repaired'), 0),
         'rejected', COALESCE(jsonb_array_length(report -> 'rejected'), 0),
         'overlaps', COALESCE(jsonb_array_length(report -> 'overlaps'), 0),
         'gaps',     COALESCE(jsonb_array_length(report -> 'gaps'), 0)) AS summary
  FROM grid_generation
 ORDER BY id DESC
 LIMIT $1
