-- The first node to start creates the key; every other node (and every later start) reads it.
INSERT INTO server_secret (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING
