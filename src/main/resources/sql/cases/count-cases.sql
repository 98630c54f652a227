-- The total for list-cases.sql's filters (same parameters but the last three; used when a page is empty).
SELECT count(*) AS total
FROM case_file c
WHERE (($1::text = '' AND c.cell_code IS NULL) OR c.cell_code LIKE $1 || '%')
  AND ($2::text IS NULL OR c.status = $2)
  AND ($3::text IS NULL OR c.cell_code LIKE $3 || '%')
  AND ($4::boolean IS NOT TRUE OR c.cell_code IS NULL)
  AND ($5::text IS NULL OR c.category = $5)
  AND ($6::text IS NULL OR c.channel = $6)
  AND ($7::boolean IS NULL OR $7 = EXISTS (SELECT 1 FROM case_deadline o WHERE o.case_id = c.id
        AND o.met_at IS NULL AND o.paused_at IS NULL AND o.due_at <= $8))
  AND ($9::text IS NULL OR c.employer_credit_code = upper($9) OR c.employer_name ILIKE '%' || $9 || '%' ESCAPE '\')
  AND ($10::text IS NULL OR c.case_no = upper($10) OR c.description ILIKE '%' || $10 || '%' ESCAPE '\'
        OR c.employer_name ILIKE '%' || $10 || '%' ESCAPE '\')
  AND ($11::boolean IS NULL OR $11 = (c.status NOT IN ('CLOSED', 'DECLINED', 'MERGED')))
  AND ($12::text IS NULL OR c.supervision = $12)
