SELECT id, at, actor_id, actor_name, actor_role, action, data FROM incident_timeline WHERE incident_id = $1 ORDER BY id
