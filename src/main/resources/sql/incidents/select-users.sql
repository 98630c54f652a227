SELECT id, username, role, grid_code, disabled FROM app_user WHERE id = ANY($1)
