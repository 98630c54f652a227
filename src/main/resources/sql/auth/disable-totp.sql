UPDATE app_user
SET totp_secret = NULL, totp_pending = NULL, totp_last_step = NULL, updated_at = now()
WHERE id = $1
