-- Makes the roster row of user $1 (OFF_DUTY, no position) if there is none.
INSERT INTO staff_roster (user_id, status_at) VALUES ($1, $2) ON CONFLICT (user_id) DO NOTHING
