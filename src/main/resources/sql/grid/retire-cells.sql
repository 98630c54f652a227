UPDATE grid_cell
   SET valid_to = now(), retired_generation_id = $2
 WHERE code = ANY($1) AND valid_to IS NULL
