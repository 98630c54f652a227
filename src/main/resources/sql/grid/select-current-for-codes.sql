SELECT code, name, parent_code, geom_wkb
  FROM grid_cell
 WHERE valid_to IS NULL AND code = ANY($1)
