UPDATE app_user SET password_hash = $2, updated_at = now() WHERE id = $1
