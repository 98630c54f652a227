SELECT value FROM server_secret WHERE name = $1
