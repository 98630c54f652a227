-- The user's track points taken before $2 (kept: the last days only).
DELETE FROM staff_track WHERE user_id = $1 AND at < $2
