-- Task $2 of incident $1; no row when the incident has no such task.
UPDATE incident_task SET status = $3, note = coalesce($4, note), updated_at = $5
WHERE incident_id = $1 AND id = $2
RETURNING id, department
