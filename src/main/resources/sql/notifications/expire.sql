UPDATE notification SET status = 'EXPIRED', last_error = $3, lease_until = NULL, lease_token = NULL
WHERE id = $1 AND lease_token = $2
