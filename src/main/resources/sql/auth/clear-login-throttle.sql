-- A correct sign-in from the address $2 clears its count for the name $1 (other addresses keep theirs).
DELETE FROM login_throttle WHERE username_key = lower($1) AND address = $2
