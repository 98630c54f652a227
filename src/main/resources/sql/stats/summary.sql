-- Key figures of the cases in one part of the grid over one period (io.gridwatch.stats.Summary
-- defines each). $1 the cell prefix ('' = the whole city, unassigned cases included), $2 from
-- (inclusive), $3 to (exclusive), $4 now.
WITH scoped AS (
  SELECT id, status, created_at, workers_involved, outcome
  FROM case_file
  WHERE ($1::text = '' OR cell_code LIKE $1 || '%')
),
period_events AS (
  SELECT e.case_id, e.type
  FROM case_event e JOIN scoped s ON s.id = e.case_id
  WHERE e.type IN ('registered', 'closed') AND e.at >= $2 AND e.at < $3
),
closed_in_period AS (
  SELECT DISTINCT case_id FROM period_events WHERE type = 'closed'
),
-- Each case's closing deadline: the earliest due of its closing clocks (the legal investigation
-- limit and the service promise to close). Declined and merged cases are never due to close.
closing AS (
  SELECT DISTINCT ON (d.case_id) d.case_id, d.due_at, d.met_at, d.paused_at
  FROM case_deadline d JOIN scoped s ON s.id = d.case_id
  WHERE d.kind IN ('LEGAL_INVESTIGATE', 'SERVICE_CLOSE') AND s.status NOT IN ('DECLINED', 'MERGED')
  ORDER BY d.case_id, d.due_at, d.kind
),
-- Due to close in the period: the closing deadline settled in it, at whichever came first, the
-- closing or the due time (so each case counts in exactly one period), and not after now. A
-- paused (parked) clock that is not met has no due time until it runs again.
due AS (
  SELECT case_id, due_at, met_at
  FROM closing
  WHERE LEAST(met_at, due_at) >= $2 AND LEAST(met_at, due_at) < LEAST($3, $4)
    AND (paused_at IS NULL OR met_at IS NOT NULL)
),
overdue AS (
  SELECT d.case_id
  FROM case_deadline d JOIN scoped s ON s.id = d.case_id
  WHERE d.met_at IS NULL AND d.paused_at IS NULL AND d.due_at <= $4
    AND s.status NOT IN ('CLOSED', 'DECLINED', 'MERGED')
)
SELECT
  (SELECT count(*) FROM scoped WHERE created_at >= $2 AND created_at < $3) AS received,
  (SELECT count(DISTINCT case_id) FROM period_events WHERE type = 'registered') AS registered,
  (SELECT count(*) FROM closed_in_period) AS closed,
  (SELECT count(*) FROM scoped WHERE status NOT IN ('CLOSED', 'DECLINED', 'MERGED')) AS open,
  (SELECT count(*) FROM due) AS due_to_close,
  (SELECT count(*) FROM due WHERE met_at IS NOT NULL) AS closed_of_due,
  (SELECT count(*) FROM due WHERE met_at < due_at) AS closed_on_time,
  (SELECT count(DISTINCT case_id) FROM overdue) AS overdue,
  (SELECT count(*) FROM overdue) AS overdue_deadlines,
  (SELECT COALESCE(sum((s.outcome ->> 'wagesRecovered')::numeric), 0)::numeric(16, 2)::text
     FROM scoped s JOIN closed_in_period c ON c.case_id = s.id) AS amount_recovered,
  (SELECT COALESCE(sum(GREATEST((s.outcome ->> 'workersHelped')::integer, 0)), 0)
     FROM scoped s JOIN closed_in_period c ON c.case_id = s.id) AS workers_helped,
  -- Mass incidents (io.gridwatch.incidents) opened in the period, by the incident's cell.
  (SELECT count(*) FROM incident i WHERE ($1::text = '' OR i.cell_code LIKE $1 || '%')
     AND i.opened_at >= $2 AND i.opened_at < $3) AS mass_incidents,
  (SELECT count(*) FROM scoped WHERE status = 'PARKED') AS parked,
  (SELECT count(*) FROM scoped s JOIN case_deadline d ON d.case_id = s.id
     WHERE s.status = 'PARKED' AND d.kind = 'PARK_REVIEW' AND d.met_at IS NULL AND d.due_at <= $4)
    AS parked_past_review
