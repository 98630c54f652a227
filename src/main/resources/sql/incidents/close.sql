UPDATE incident SET status = 'CLOSED', closed_at = $2, closed_by = $3, summary = $4, version = version + 1,
  updated_at = $2
WHERE id = $1 AND status <> 'CLOSED'
RETURNING version
