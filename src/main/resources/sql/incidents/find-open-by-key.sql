SELECT id FROM incident WHERE key_kind = $1 AND key_value = $2 AND status <> 'CLOSED' AND key_kind IS NOT NULL
