-- Cases that look like the same matter as case $1, within 30 days of it, in scope $2 ('' = city):
-- the same employer by credit code, or the same category within 50 m (haversine on WGS84).
--
-- No stored value may make this raise, since every read of a case runs it: PostgreSQL's float
-- arithmetic raises "value out of range: underflow" when a product or quotient of non-zero
-- numbers rounds to 0 (e.g. a coordinate of 1e-320 stored by an older version). So every
-- coordinate and difference is taken as 0 below 1e-9 degrees (0.1 mm: what intake refuses
-- anyway), a difference that is not finite (NaN, infinity) gives no distance (sin would raise),
-- the haversine term is clamped to [0, 1] for asin, and latitudes are clamped to +-89.9 degrees
-- for cos and the longitude window's 1/cos.
WITH me AS (
  SELECT id, category, employer_credit_code, created_at,
    CASE WHEN abs(lon_wgs84) < 1e-9 THEN 0 ELSE lon_wgs84 END AS lon,
    CASE WHEN abs(lat_wgs84) < 1e-9 THEN 0 ELSE least(89.9, greatest(-89.9, lat_wgs84)) END AS lat
  FROM case_file WHERE id = $1
), candidates AS (
  SELECT c.id, c.case_no, c.status, c.category, c.employer_name, c.employer_credit_code, c.cell_code,
    c.workers_involved, c.merged_workers, c.created_at,
    coalesce(c.employer_credit_code = me.employer_credit_code, false) AS same_employer,
    CASE WHEN (c.lat_wgs84 - me.lat BETWEEN -360 AND 360) IS NOT TRUE THEN NULL
      WHEN abs(c.lat_wgs84 - me.lat) < 1e-9 THEN 0 ELSE c.lat_wgs84 - me.lat END AS dlat,
    CASE WHEN (c.lon_wgs84 - me.lon BETWEEN -360 AND 360) IS NOT TRUE THEN NULL
      WHEN abs(c.lon_wgs84 - me.lon) < 1e-9 THEN 0 ELSE c.lon_wgs84 - me.lon END AS dlon,
    CASE WHEN abs(c.lat_wgs84) < 1e-9 THEN 0 ELSE least(89.9, greatest(-89.9, c.lat_wgs84)) END AS lat,
    me.lat AS me_lat
  FROM case_file c, me
  WHERE c.id <> me.id
    AND c.status <> 'MERGED'
    AND c.created_at BETWEEN me.created_at - interval '30 days' AND me.created_at + interval '30 days'
    AND (($2::text = '' AND c.cell_code IS NULL) OR c.cell_code LIKE $2 || '%')
    AND ((me.employer_credit_code IS NOT NULL AND c.employer_credit_code = me.employer_credit_code)
      OR (c.category = me.category AND me.lat IS NOT NULL
        AND c.lat_wgs84 BETWEEN me.lat - 0.0005 AND me.lat + 0.0005
        AND c.lon_wgs84 BETWEEN me.lon - 0.0005 / cos(radians(me.lat))
                            AND me.lon + 0.0005 / cos(radians(me.lat))))
), near AS (
  SELECT id, case_no, status, category, employer_name, employer_credit_code, cell_code, workers_involved,
    merged_workers, created_at, same_employer,
    CASE WHEN dlat IS NOT NULL AND dlon IS NOT NULL AND me_lat IS NOT NULL THEN
      2 * 6371008.8 * asin(sqrt(least(1.0, greatest(0.0, power(sin(radians(dlat) / 2), 2)
        + cos(radians(me_lat)) * cos(radians(lat)) * power(sin(radians(dlon) / 2), 2)))))
    END AS distance_m
  FROM candidates
)
SELECT * FROM near
WHERE same_employer OR distance_m <= 50
ORDER BY same_employer DESC, distance_m NULLS LAST, created_at DESC
LIMIT 20
