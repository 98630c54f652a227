SELECT id, case_no, status, version, channel, category, urgency, cell_code, unassigned_reason, employer_name,
  workers_involved, amount_owed::text AS amount_owed, complainant_name, complainant_phone, complainant_id_number,
  created_at, updated_at, count(*) OVER () AS total
FROM case_file
WHERE ($1::text = '' OR cell_code LIKE $1 || '%')
  AND ($2::text IS NULL OR status = $2)
  AND ($3::text IS NULL OR cell_code LIKE $3 || '%')
  AND ($4::boolean IS NOT TRUE OR cell_code IS NULL)
ORDER BY id DESC
LIMIT $5 OFFSET $6
