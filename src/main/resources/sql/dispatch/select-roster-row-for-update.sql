-- The roster row of user $1 with the user's grid, locked until the transaction ends (a status
-- change and a position of one user are serialised, so the throttle holds under concurrency).
SELECT s.status, s.stored_at, u.username, u.display_name, u.role, u.grid_code
FROM staff_roster s JOIN app_user u ON u.id = s.user_id
WHERE s.user_id = $1
FOR UPDATE OF s
