-- An administrator lifts every lockout and delay of the user's name, from every address.
DELETE FROM login_throttle WHERE username_key = (SELECT lower(username) FROM app_user WHERE id = $1)
