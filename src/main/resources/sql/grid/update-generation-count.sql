UPDATE grid_generation SET cell_count = $2 WHERE id = $1
