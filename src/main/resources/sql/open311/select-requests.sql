-- Cases as Open311 service requests: no complainant columns. The expected time is the running
-- closing deadline (the service promise first, else the legal investigation limit); none while
-- paused or once met.
SELECT c.id, c.case_no, c.status, c.category, c.description, c.cell_code, c.lon_wgs84, c.lat_wgs84,
  c.created_at, c.updated_at, m.case_no AS merged_into_no, d.due_at AS expected_at
FROM case_file c
LEFT JOIN case_file m ON m.id = c.merged_into
LEFT JOIN LATERAL (
  SELECT due_at FROM case_deadline
  WHERE case_id = c.id AND kind IN ('SERVICE_CLOSE', 'LEGAL_INVESTIGATE') AND met_at IS NULL AND paused_at IS NULL
  ORDER BY kind = 'SERVICE_CLOSE' DESC, due_at
  LIMIT 1
) d ON true
WHERE ($1::text = '' OR c.cell_code LIKE $1 || '%')
  AND ($2::bigint IS NULL OR c.id = $2)
  AND ($3::text[] IS NULL OR c.case_no = ANY($3))
  AND ($4::text[] IS NULL OR c.category = ANY($4))
  AND ($5::text[] IS NULL OR c.status = ANY($5))
  AND ($6::timestamptz IS NULL OR c.created_at >= $6)
  AND ($7::timestamptz IS NULL OR c.created_at <= $7)
ORDER BY c.created_at DESC, c.id DESC
LIMIT $8
