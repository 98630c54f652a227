INSERT INTO case_event (case_id, version, type, actor_id, actor_name, data) VALUES ($1, $2, $3, $4, $5, $6)
RETURNING id, at
