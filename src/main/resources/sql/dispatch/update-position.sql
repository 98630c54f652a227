-- $2/$3 WGS84, $4 crs as given, $5/$6 as given, $7 accuracy, $8 taken at, $9 stored at.
UPDATE staff_roster
SET lon = $2, lat = $3, crs = $4, lon_given = $5, lat_given = $6, accuracy_meters = $7, position_at = $8,
    stored_at = $9
WHERE user_id = $1
