-- 批转: the case moves to another current cell (or gets its first one); it is no longer
-- unassigned. Inside the transition's transaction, after the version check locked the row.
UPDATE case_file SET cell_code = $2,
  cell_version_id = (SELECT id FROM grid_cell WHERE code = $2 AND valid_to IS NULL),
  unassigned_reason = NULL
WHERE id = $1
