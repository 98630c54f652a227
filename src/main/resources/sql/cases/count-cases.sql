SELECT count(*) AS total
FROM case_file
WHERE ($1::text = '' OR cell_code LIKE $1 || '%')
  AND ($2::text IS NULL OR status = $2)
  AND ($3::text IS NULL OR cell_code LIKE $3 || '%')
  AND ($4::boolean IS NOT TRUE OR cell_code IS NULL)
