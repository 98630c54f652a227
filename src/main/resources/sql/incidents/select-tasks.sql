SELECT id, department, title, status, due_at, note, created_at, created_by, updated_at
FROM incident_task WHERE incident_id = $1 ORDER BY id
