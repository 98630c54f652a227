UPDATE open311_client SET revoked_at = now(), revoked_by = $2
WHERE id = $1 AND revoked_at IS NULL
RETURNING name, key_prefix, user_id
