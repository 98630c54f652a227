-- Keeps the table bounded: pairs whose lock has passed and that failed last before $2 go, and
-- beyond the newest $3 pairs (locked ones kept first) everything goes, so an attacker rotating
-- addresses or names cannot grow it without bound. $1 is now.
DELETE FROM login_throttle
WHERE ((locked_until IS NULL OR locked_until <= $1) AND last_failure_at < $2)
   OR ctid IN (SELECT ctid FROM login_throttle
               ORDER BY (locked_until > $1) DESC NULLS LAST, last_failure_at DESC
               OFFSET $3)
