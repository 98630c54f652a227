SELECT code, level, name, parent_code, geom_wkb
  FROM grid_cell
 WHERE valid_to IS NULL
 ORDER BY level, code
