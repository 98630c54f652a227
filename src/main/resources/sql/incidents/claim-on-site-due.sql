-- On-site clocks ($1 = now) that fell due without an arrival and were not announced yet, with
-- their incidents locked (SKIP LOCKED: one changed right now, or claimed by another node, waits
-- for the next sweep; incident first, as every action locks it first).
SELECT d.incident_id, d.due_at
FROM incident_deadline d JOIN incident i ON i.id = d.incident_id
WHERE d.met_at IS NULL AND d.escalated_at IS NULL AND d.due_at <= $1 AND i.status <> 'CLOSED'
ORDER BY d.due_at, d.incident_id
LIMIT $2
FOR UPDATE OF i, d SKIP LOCKED
