-- The open assignments of the demo's inspectors ($1): cases dispatched to them and not yet
-- finished on site, with what the field simulation needs (where, who accepted, the version to
-- act on). Oldest case first: an inspector works their assignments in that order.
SELECT id, status, version, lon_wgs84, lat_wgs84, assigned_inspectors, accepted_by
FROM case_file
WHERE status IN ('DISPATCHED', 'ON_SITE', 'INVESTIGATING')
  AND assigned_inspectors && $1::bigint[]
ORDER BY id
LIMIT 2000
