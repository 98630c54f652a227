-- The cases of incident $1, first filed first.
SELECT c.id, c.status, c.cell_code, c.lon_wgs84, c.lat_wgs84, c.employer_name, c.employer_credit_code,
  c.attributes ->> 'projectName' AS project_name, c.workers_involved + c.merged_workers AS workers
FROM incident_case ic JOIN case_file c ON c.id = ic.case_id
WHERE ic.incident_id = $1
ORDER BY c.created_at, c.id
