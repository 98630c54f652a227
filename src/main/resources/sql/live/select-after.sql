-- The relay's read: committed outbox rows after the last one it published, in seq order. The
-- payload comes back as text, so it is encoded exactly once (by PostgreSQL) however many
-- clients receive it.
SELECT seq, cell_code, recipients, payload::text AS payload
FROM event_outbox
WHERE seq > $1
ORDER BY seq
LIMIT $2
