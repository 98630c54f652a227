-- The enabled users a rule reaches for an event in cell $3 (NULL: no cell): those named ($2) and
-- those holding one of the roles ($1) from grid level $4 up (code length; NULL: any level), and in
-- both cases only when the event's cell is inside their grid (the grid chain up to the city).
SELECT id, display_name, role FROM app_user
WHERE NOT disabled
  AND (id = ANY($2) OR (role = ANY($1) AND ($4::int IS NULL OR grid_code IS NULL OR length(grid_code) <= $4)))
  AND (grid_code IS NULL OR ($3::text IS NOT NULL AND $3::text LIKE grid_code || '%'))
ORDER BY id
