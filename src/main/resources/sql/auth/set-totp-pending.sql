-- Only while no second factor is active: replacing an active one needs disabling it first.
UPDATE app_user SET totp_pending = $2 WHERE id = $1 AND totp_secret IS NULL RETURNING id
