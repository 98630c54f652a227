SELECT id, version, type, actor_id, actor_name, at, data FROM case_event WHERE case_id = $1 ORDER BY version, id
