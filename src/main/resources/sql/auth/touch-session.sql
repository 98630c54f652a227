-- Only forwards: two nodes refreshing the same session at once cannot move it back.
UPDATE auth_session SET last_seen = $2 WHERE id_hash = $1 AND last_seen < $2 AND revoked_at IS NULL
