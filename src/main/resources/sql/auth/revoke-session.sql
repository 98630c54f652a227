UPDATE auth_session SET revoked_at = $2, revoked_why = $3 WHERE id_hash = $1 AND revoked_at IS NULL
