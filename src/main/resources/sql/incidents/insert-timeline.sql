INSERT INTO incident_timeline (incident_id, at, actor_id, actor_name, actor_role, action, data)
VALUES ($1, $2, $3, $4, $5, $6, $7)
