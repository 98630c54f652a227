UPDATE incident SET status = 'RESPONDING', arrived_at = $2, arrived_by = $3, arrival_lon = $4, arrival_lat = $5,
  version = version + 1, updated_at = $2
WHERE id = $1 AND arrived_at IS NULL
RETURNING version
