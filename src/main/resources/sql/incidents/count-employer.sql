-- Workers of the open cases of employer $1 (credit code) never part of an incident; merged cases
-- count through the case they were merged into (merged_workers). Uses case_file_open_credit_code.
SELECT coalesce(sum(c.workers_involved + c.merged_workers), 0)::int AS workers, count(*)::int AS cases
FROM case_file c
WHERE c.employer_credit_code = $1 AND c.employer_credit_code IS NOT NULL
  AND c.status NOT IN ('CLOSED', 'DECLINED', 'MERGED')
  AND NOT EXISTS (SELECT 1 FROM incident_case ic WHERE ic.case_id = c.id)
