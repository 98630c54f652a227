-- Case $2 joins incident $1 unless an open incident holds it already; the number of rows added.
INSERT INTO incident_case (incident_id, case_id, joined_at)
SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM incident_case WHERE case_id = $2 AND open)
ON CONFLICT DO NOTHING
