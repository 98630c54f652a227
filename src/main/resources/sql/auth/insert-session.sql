INSERT INTO auth_session (id_hash, user_id, created_at, last_seen, address)
VALUES ($1, $2, $3, $3, $4)
