SELECT c.id, c.code, c.level, c.name, c.parent_code, c.geom_wkb, c.valid_from, c.valid_to,
       c.generation_id, c.retired_generation_id
  FROM grid_cell c
 WHERE c.code = $1
 ORDER BY c.valid_from, c.id
