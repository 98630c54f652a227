UPDATE case_file SET status = $3, version = $4, assigned_inspectors = $5, accepted_by = $6,
  extension_working_days = $7, status_before_parking = $8, outcome = $9, reworks = $10, follow_up = $11,
  merged_into = $12, updated_at = now()
WHERE id = $1 AND version = $2
RETURNING updated_at
