-- Rules that are not deleted, oldest first; $1 the caller's grid (NULL: city-wide): rules whose
-- part of the grid overlaps it (city-wide rules, rules of cells inside it or containing it).
SELECT * FROM notification_rule
WHERE deleted_at IS NULL
  AND ($1::text IS NULL OR cell_code IS NULL OR cell_code LIKE $1 || '%' OR $1 LIKE cell_code || '%')
ORDER BY id
