SELECT id FROM app_user WHERE id = ANY($1)
