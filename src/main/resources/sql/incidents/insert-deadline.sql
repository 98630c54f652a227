INSERT INTO incident_deadline (incident_id, kind, started_at, due_at) VALUES ($1, 'ON_SITE', $2, $3)
ON CONFLICT DO NOTHING
