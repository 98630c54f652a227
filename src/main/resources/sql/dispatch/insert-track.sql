INSERT INTO staff_track (user_id, lon, lat, crs, accuracy_meters, at, stored_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
