UPDATE staff_roster SET status = $2, status_at = $3 WHERE user_id = $1
