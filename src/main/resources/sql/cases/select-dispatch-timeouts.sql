-- Dispatched cases whose team's acceptance clock ($1 = now) has run out, oldest first. Only a
-- candidate list: CaseService.timeOut re-reads and releases each under the case's version.
SELECT d.case_id
FROM case_deadline d JOIN case_file c ON c.id = d.case_id
WHERE d.kind = 'DISPATCH_ACCEPT' AND d.met_at IS NULL AND d.paused_at IS NULL AND d.due_at <= $1
  AND c.status = 'DISPATCHED'
ORDER BY d.due_at, d.case_id
LIMIT $2
