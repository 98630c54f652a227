INSERT INTO grid_cell (code, level, name, parent_code, geom_wkb,
                       min_lon, min_lat, max_lon, max_lat, area_m2, generation_id)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
