-- Running, unmet clocks whose warning or due time has come and that have not been announced for
-- it yet. The case rows are locked (SKIP LOCKED: a case being changed right now, or claimed by
-- another node, waits for the next sweep); case first, as every case transition locks it first.
-- DISPATCH_ACCEPT is not escalated: cases.AcceptanceTimeouts releases the team instead.
SELECT d.case_id, d.kind, d.due_at, d.warn_at, d.warned_at, d.escalated_at,
  c.case_no, c.cell_code, c.category, c.workers_involved, c.status, c.supervision
FROM case_deadline d JOIN case_file c ON c.id = d.case_id
WHERE d.met_at IS NULL AND d.paused_at IS NULL AND d.kind <> 'DISPATCH_ACCEPT'
  AND ((d.warned_at IS NULL AND d.warn_at <= $1) OR (d.escalated_at IS NULL AND d.due_at <= $1))
ORDER BY d.due_at, d.case_id, d.kind
LIMIT $2
FOR UPDATE OF c SKIP LOCKED
