SELECT id, role, disabled FROM app_user WHERE id = ANY($1)
