-- DISPATCHED cases are worked by the demo's field staff (DemoField: accept, travel, arrive), not here.
SELECT id, status, urgency, (extract(epoch FROM now() - updated_at) * 1000)::bigint AS waited_ms
FROM case_file
WHERE taken_by = ANY($1)
  AND NOT (id = ANY($2))
  AND (status IN ('RECEIVED', 'ADMITTED', 'REGISTERED', 'ON_SITE', 'INVESTIGATING', 'RESOLVED', 'VERIFIED', 'PARKED')
    OR (status = 'CLOSED' AND (follow_up IS NULL OR (follow_up = 'DISSATISFIED' AND reworks = 0))))
ORDER BY updated_at
LIMIT $3
