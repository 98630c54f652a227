-- One more wrong password (or second-factor code) in a row; the attempt that reaches $2 locks
-- the account until $3 and starts the count again for when the lock has passed. Atomic under
-- concurrent attempts (the row is locked by the UPDATE).
UPDATE app_user
SET failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END,
    locked_until  = CASE WHEN failed_logins + 1 >= $2 THEN $3::timestamptz ELSE locked_until END
WHERE id = $1
RETURNING failed_logins, (locked_until IS NOT DISTINCT FROM $3::timestamptz) AS locked_now
