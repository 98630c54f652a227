-- The figures of each current grid cell of one level inside one prefix, over one period
-- (docs/figures.md defines each column; the summary's columns as in summary.sql). $1 the length
-- of the level's codes (6, 9 or 12), $2 the prefix ('' = the whole city), $3 the level, $4 from
-- (inclusive), $5 to (exclusive), $6 now. Each case counts in the cell of that level it lies in
-- (the first $1 digits of its cell code); unassigned cases and cases placed above the level
-- count in no row.
WITH cells AS (
  SELECT code, name FROM grid_cell
  WHERE valid_to IS NULL AND level = $3 AND code LIKE $2 || '%'
),
scoped AS (
  SELECT id, status, created_at, workers_involved, outcome, reworks, employer_credit_code,
         left(cell_code, $1) AS k
  FROM case_file
  WHERE cell_code LIKE $2 || '%' AND length(cell_code) >= $1
),
per_case AS (
  SELECT s.id, s.k,
    bool_or(e.type = 'registered' AND e.at >= $4 AND e.at < $5) AS registered_in,
    bool_or(e.type = 'closed' AND e.at >= $4 AND e.at < $5) AS closed_in,
    bool_or(e.type = 'resolved' AND e.at >= $4 AND e.at < $5) AS resolved_in,
    bool_or(e.type = 'resolved') AS resolved_ever,
    bool_or(e.type = 'extended') AS extended_ever
  FROM scoped s JOIN case_event e ON e.case_id = s.id
  WHERE e.type IN ('registered', 'closed', 'resolved', 'extended')
  GROUP BY s.id, s.k
),
events AS (
  SELECT p.k,
    count(*) FILTER (WHERE p.registered_in) AS registered,
    count(*) FILTER (WHERE p.closed_in) AS closed,
    count(*) FILTER (WHERE p.registered_in AND p.resolved_ever) AS disposed,
    count(*) FILTER (WHERE p.registered_in AND p.extended_ever) AS extended,
    count(*) FILTER (WHERE p.resolved_in) AS resolved,
    count(*) FILTER (WHERE p.resolved_in AND s.reworks > 0) AS reworked,
    COALESCE(sum((s.outcome ->> 'wagesRecovered')::numeric) FILTER (WHERE p.closed_in), 0) AS amount_recovered,
    COALESCE(sum(GREATEST((s.outcome ->> 'workersHelped')::integer, 0)) FILTER (WHERE p.closed_in), 0)
      AS workers_helped
  FROM per_case p JOIN scoped s ON s.id = p.id
  GROUP BY p.k
),
cases AS (
  SELECT k,
    count(*) FILTER (WHERE created_at >= $4 AND created_at < $5) AS received,
    count(*) FILTER (WHERE status NOT IN ('CLOSED', 'DECLINED', 'MERGED')) AS open,
    count(*) FILTER (WHERE status = 'PARKED') AS parked
  FROM scoped
  GROUP BY k
),
-- The latest follow-up of each case, counted in the period it falls in.
follow AS (
  SELECT DISTINCT ON (e.case_id) s.k, e.at, e.data -> 'data' ->> 'satisfaction' AS satisfaction
  FROM case_event e JOIN scoped s ON s.id = e.case_id
  WHERE e.type = 'followed-up'
  ORDER BY e.case_id, e.at DESC, e.id DESC
),
follows AS (
  SELECT k, count(*) AS followed_up, count(*) FILTER (WHERE satisfaction = 'SATISFIED') AS satisfied
  FROM follow WHERE at >= $4 AND at < $5
  GROUP BY k
),
-- The two closing clocks of each case (declined and merged cases have none), and the earliest.
clocks AS (
  SELECT s.k, d.case_id, d.kind, d.due_at, d.met_at, d.paused_at
  FROM case_deadline d JOIN scoped s ON s.id = d.case_id
  WHERE d.kind IN ('LEGAL_INVESTIGATE', 'SERVICE_CLOSE') AND s.status NOT IN ('DECLINED', 'MERGED')
),
closing AS (
  SELECT DISTINCT ON (case_id) k, case_id, 'CLOSING' AS kind, due_at, met_at, paused_at
  FROM clocks
  ORDER BY case_id, due_at, kind
),
due AS (
  SELECT k, kind, count(*) AS due, count(*) FILTER (WHERE met_at IS NOT NULL) AS met,
         count(*) FILTER (WHERE met_at < due_at) AS on_time
  FROM (SELECT k, kind, due_at, met_at, paused_at FROM closing
        UNION ALL SELECT k, kind, due_at, met_at, paused_at FROM clocks) x
  WHERE LEAST(met_at, due_at) >= $4 AND LEAST(met_at, due_at) < LEAST($5, $6)
    AND (paused_at IS NULL OR met_at IS NOT NULL)
  GROUP BY k, kind
),
overdue AS (
  SELECT s.k, count(DISTINCT d.case_id) AS overdue, count(*) AS overdue_deadlines
  FROM case_deadline d JOIN scoped s ON s.id = d.case_id
  WHERE d.met_at IS NULL AND d.paused_at IS NULL AND d.due_at <= $6
    AND s.status NOT IN ('CLOSED', 'DECLINED', 'MERGED')
  GROUP BY s.k
),
-- Mass incidents (io.gridwatch.incidents) opened in the period, in the cell of that level their
-- cell lies in (an incident whose cell is above the level counts in no row).
incidents AS (
  SELECT left(cell_code, $1) AS k, count(*) AS mass_incidents
  FROM incident
  WHERE cell_code LIKE $2 || '%' AND length(cell_code) >= $1 AND opened_at >= $4 AND opened_at < $5
  GROUP BY 1
),
-- Open employer groups: open cases of one employer (credit code) in the cell whose workers add
-- up to 30 or more, as of now.
groups AS (
  SELECT k, count(*) AS mass_groups
  FROM (SELECT k FROM scoped
        WHERE status NOT IN ('CLOSED', 'DECLINED', 'MERGED') AND employer_credit_code IS NOT NULL
        GROUP BY k, employer_credit_code HAVING sum(workers_involved) >= 30) g
  GROUP BY k
)
SELECT c.code, c.name,
  COALESCE(ca.received, 0) AS received, COALESCE(ev.registered, 0) AS registered,
  COALESCE(ev.closed, 0) AS closed, COALESCE(ca.open, 0) AS open,
  COALESCE(dc.due, 0) AS due_to_close, COALESCE(dc.met, 0) AS closed_of_due,
  COALESCE(dc.on_time, 0) AS closed_on_time,
  COALESCE(dl.due, 0) AS legal_due, COALESCE(dl.on_time, 0) AS legal_on_time,
  COALESCE(dp.due, 0) AS promise_due, COALESCE(dp.on_time, 0) AS promise_on_time,
  COALESCE(ev.disposed, 0) AS disposed, COALESCE(ev.resolved, 0) AS resolved,
  COALESCE(ev.reworked, 0) AS reworked, COALESCE(ev.extended, 0) AS extended,
  COALESCE(fo.followed_up, 0) AS followed_up, COALESCE(fo.satisfied, 0) AS satisfied,
  COALESCE(od.overdue, 0) AS overdue, COALESCE(od.overdue_deadlines, 0) AS overdue_deadlines,
  COALESCE(ev.amount_recovered, 0)::numeric(16, 2)::text AS amount_recovered,
  COALESCE(ev.workers_helped, 0) AS workers_helped,
  COALESCE(inc.mass_incidents, 0) AS mass_incidents, COALESCE(g.mass_groups, 0) AS mass_incident_groups,
  COALESCE(ca.parked, 0) AS parked
FROM cells c
  LEFT JOIN cases ca ON ca.k = c.code
  LEFT JOIN events ev ON ev.k = c.code
  LEFT JOIN incidents inc ON inc.k = c.code
  LEFT JOIN due dc ON dc.k = c.code AND dc.kind = 'CLOSING'
  LEFT JOIN due dl ON dl.k = c.code AND dl.kind = 'LEGAL_INVESTIGATE'
  LEFT JOIN due dp ON dp.k = c.code AND dp.kind = 'SERVICE_CLOSE'
  LEFT JOIN follows fo ON fo.k = c.code
  LEFT JOIN overdue od ON od.k = c.code
  LEFT JOIN groups g ON g.k = c.code
ORDER BY c.code
LIMIT 5001
