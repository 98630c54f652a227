-- The open cases of employer $2 never part of an incident join incident $1.
INSERT INTO incident_case (incident_id, case_id, joined_at)
SELECT $1, c.id, $3 FROM case_file c
WHERE c.employer_credit_code = $2 AND c.employer_credit_code IS NOT NULL
  AND c.status NOT IN ('CLOSED', 'DECLINED', 'MERGED')
  AND NOT EXISTS (SELECT 1 FROM incident_case ic WHERE ic.case_id = c.id)
ON CONFLICT DO NOTHING
