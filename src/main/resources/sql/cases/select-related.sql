-- Cases that look like the same matter as case $1, within 30 days of it, in scope $2 ('' = city):
-- the same employer by credit code, or the same category within 50 m (haversine on WGS84).
WITH me AS (
  SELECT id, category, employer_credit_code, lon_wgs84, lat_wgs84, created_at FROM case_file WHERE id = $1
), near AS (
  SELECT c.id, c.case_no, c.status, c.category, c.employer_name, c.employer_credit_code, c.cell_code,
    c.workers_involved, c.merged_workers, c.created_at,
    coalesce(c.employer_credit_code = me.employer_credit_code, false) AS same_employer,
    CASE WHEN c.lat_wgs84 IS NOT NULL AND me.lat_wgs84 IS NOT NULL THEN
      2 * 6371008.8 * asin(sqrt(power(sin(radians(c.lat_wgs84 - me.lat_wgs84) / 2), 2)
        + cos(radians(me.lat_wgs84)) * cos(radians(c.lat_wgs84)) * power(sin(radians(c.lon_wgs84 - me.lon_wgs84) / 2), 2)))
    END AS distance_m
  FROM case_file c, me
  WHERE c.id <> me.id
    AND c.status <> 'MERGED'
    AND c.created_at BETWEEN me.created_at - interval '30 days' AND me.created_at + interval '30 days'
    AND (($2::text = '' AND c.cell_code IS NULL) OR c.cell_code LIKE $2 || '%')
    AND ((me.employer_credit_code IS NOT NULL AND c.employer_credit_code = me.employer_credit_code)
      OR (c.category = me.category AND me.lat_wgs84 IS NOT NULL
        AND c.lat_wgs84 BETWEEN me.lat_wgs84 - 0.0005 AND me.lat_wgs84 + 0.0005
        AND c.lon_wgs84 BETWEEN me.lon_wgs84 - 0.0005 / cos(radians(me.lat_wgs84))
                            AND me.lon_wgs84 + 0.0005 / cos(radians(me.lat_wgs84))))
)
SELECT * FROM near
WHERE same_employer OR distance_m <= 50
ORDER BY same_employer DESC, distance_m NULLS LAST, created_at DESC
LIMIT 20
