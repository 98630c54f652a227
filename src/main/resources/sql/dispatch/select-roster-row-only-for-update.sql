-- The roster row of user $1, if there is one, locked until the transaction ends (an account change
-- and the user's own status or position are serialised). Unlike select-roster-row-for-update it
-- makes no row: a user who never went on duty is OFF_DUTY already.
SELECT status, lon, lat, accuracy_meters, position_at
FROM staff_roster
WHERE user_id = $1
FOR UPDATE
