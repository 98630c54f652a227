-- Every open session of user $1 but the one with hash $4 (null: all of them).
UPDATE auth_session
SET revoked_at = $2, revoked_why = $3
WHERE user_id = $1 AND revoked_at IS NULL AND id_hash IS DISTINCT FROM $4::bytea
