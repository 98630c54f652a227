-- $2: the step of the code that proved the key, which cannot be used again.
UPDATE app_user
SET totp_secret = totp_pending, totp_pending = NULL, totp_last_step = $2, updated_at = now()
WHERE id = $1 AND totp_pending IS NOT NULL AND totp_secret IS NULL
RETURNING id
