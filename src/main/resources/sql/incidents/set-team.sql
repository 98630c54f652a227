UPDATE incident SET team = $2, version = version + 1, updated_at = $3 WHERE id = $1 RETURNING version
