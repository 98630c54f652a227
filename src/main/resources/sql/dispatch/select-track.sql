-- The track points of user $1 taken in [$2, $3), oldest first, at most $4 (the caller asks for one
-- more than it returns, to know whether the day was cut short). Served by staff_track_user_at.
SELECT lon, lat, accuracy_meters, at
FROM staff_track
WHERE user_id = $1 AND at >= $2 AND at < $3
ORDER BY at, id
LIMIT $4
