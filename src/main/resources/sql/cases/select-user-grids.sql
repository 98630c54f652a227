SELECT id, grid_code FROM app_user WHERE id = ANY($1)
