-- What incident $1 sums up from its cases; the version moves by $10 (0 for a new incident).
UPDATE incident SET workers = $2, grade = $3, cell_code = $4, lon = $5, lat = $6, employer_name = $7,
  employer_credit_code = $8, project_name = $9, version = version + $10, updated_at = $11
WHERE id = $1
RETURNING version
