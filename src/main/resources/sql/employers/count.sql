SELECT count(*) AS total
FROM employer
WHERE cell_code LIKE $1 || '%'
  AND ($2::text IS NULL OR cell_code LIKE $2 || '%')
  AND ($3::text IS NULL OR name ILIKE '%' || $3 || '%' ESCAPE '\' OR credit_code = $4)
  AND ($5::text IS NULL OR industry = $5)
  AND ($6::text IS NULL OR integrity_rating = $6)
