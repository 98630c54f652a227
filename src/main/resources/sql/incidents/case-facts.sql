-- What the detector needs of case $1: its status, keys, workers and incidents.
SELECT c.id, c.status, c.cell_code, c.merged_into, c.employer_credit_code,
  incident_project_key(c.category, c.attributes) AS project_key,
  (SELECT ic.incident_id FROM incident_case ic WHERE ic.case_id = c.id AND ic.open) AS open_incident,
  EXISTS (SELECT 1 FROM incident_case ic WHERE ic.case_id = c.id) AS in_any_incident
FROM case_file c WHERE c.id = $1
