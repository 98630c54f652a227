-- Workers of the open cases of project $1 (normalised key) never part of an incident. Uses
-- case_file_open_project.
SELECT coalesce(sum(c.workers_involved + c.merged_workers), 0)::int AS workers, count(*)::int AS cases
FROM case_file c
WHERE incident_project_key(c.category, c.attributes) = $1 AND incident_project_key(c.category, c.attributes) IS NOT NULL
  AND c.status NOT IN ('CLOSED', 'DECLINED', 'MERGED')
  AND NOT EXISTS (SELECT 1 FROM incident_case ic WHERE ic.case_id = c.id)
