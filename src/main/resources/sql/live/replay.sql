-- GET /api/events: events after $1 in seq order, one more than the page ($5) to tell whether
-- more follow.
--   $2 cell:  events in that cell and below (the caller checked it lies in their scope), or null;
--   $3 scope prefix ('' = city-wide) and $4 user id: without a cell, everything the caller
--      could have registered for: their scope (city-wide includes unassigned events) and the
--      events addressed to them personally.
SELECT seq, payload::text AS payload
FROM event_outbox
WHERE seq > $1
  AND (($2::text IS NOT NULL AND cell_code LIKE $2 || '%')
    OR ($2::text IS NULL AND ($3::text = '' OR cell_code LIKE $3 || '%' OR $4::bigint = ANY (recipients))))
ORDER BY seq
LIMIT $5
