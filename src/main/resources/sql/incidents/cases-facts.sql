-- The cases $1 (a declaration): scope, status, keys and whether an open incident holds them.
SELECT c.id, c.status, c.cell_code, c.employer_credit_code,
  incident_project_key(c.category, c.attributes) AS project_key,
  (SELECT ic.incident_id FROM incident_case ic WHERE ic.case_id = c.id AND ic.open) AS open_incident
FROM case_file c WHERE c.id = ANY($1)
