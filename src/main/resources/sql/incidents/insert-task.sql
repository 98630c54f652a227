INSERT INTO incident_task (incident_id, department, title, due_at, created_at, created_by, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $5)
RETURNING id
