INSERT INTO audit_log (actor_id, actor_name, action, object_type, object_id, address, outcome, detail)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
