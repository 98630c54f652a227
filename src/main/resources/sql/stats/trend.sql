-- The figures of each China Standard Time calendar day from $2 to $3 (dates, inclusive, at most
-- 366 days), of the cases in one part of the grid (docs/figures.md defines each column). $1 the
-- cell prefix ('' = the whole city, unassigned cases included), $4 now (today's day ends at now).
WITH scoped AS (
  SELECT id, status, created_at, workers_involved
  FROM case_file
  WHERE ($1::text = '' OR cell_code LIKE $1 || '%')
),
days AS (
  SELECT d::date AS day,
         LEAST((d::date)::timestamp AT TIME ZONE 'Asia/Shanghai', $4) AS day_start,
         LEAST((d::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai', $4) AS day_end
  FROM generate_series($2::date, $3::date, interval '1 day') AS d
),
bounds AS (
  SELECT min(day_start) AS lo, max(day_end) AS hi FROM days
),
filed AS (
  SELECT (s.created_at AT TIME ZONE 'Asia/Shanghai')::date AS day, count(*) AS received
  FROM scoped s, bounds b
  WHERE s.created_at >= b.lo AND s.created_at < b.hi
  GROUP BY 1
),
-- Mass incidents (io.gridwatch.incidents) opened each day, by the incident's cell.
opened AS (
  SELECT (i.opened_at AT TIME ZONE 'Asia/Shanghai')::date AS day, count(*) AS mass_incidents
  FROM incident i, bounds b
  WHERE ($1::text = '' OR i.cell_code LIKE $1 || '%') AND i.opened_at >= b.lo AND i.opened_at < b.hi
  GROUP BY 1
),
happened AS (
  SELECT (e.at AT TIME ZONE 'Asia/Shanghai')::date AS day,
         count(DISTINCT e.case_id) FILTER (WHERE e.type = 'registered') AS registered,
         count(DISTINCT e.case_id) FILTER (WHERE e.type = 'dispatched') AS dispatched,
         count(DISTINCT e.case_id) FILTER (WHERE e.type = 'closed') AS closed
  FROM case_event e JOIN scoped s ON s.id = e.case_id, bounds b
  WHERE e.type IN ('registered', 'dispatched', 'closed') AND e.at >= b.lo AND e.at < b.hi
  GROUP BY 1
),
-- Each case's closing deadline, exactly as in summary.sql.
closing AS (
  SELECT DISTINCT ON (d.case_id) d.case_id, d.due_at, d.met_at, d.paused_at
  FROM case_deadline d JOIN scoped s ON s.id = d.case_id
  WHERE d.kind IN ('LEGAL_INVESTIGATE', 'SERVICE_CLOSE') AND s.status NOT IN ('DECLINED', 'MERGED')
  ORDER BY d.case_id, d.due_at, d.kind
),
settled AS (
  SELECT (LEAST(c.met_at, c.due_at) AT TIME ZONE 'Asia/Shanghai')::date AS day, count(*) AS due_to_close,
         count(*) FILTER (WHERE c.met_at IS NOT NULL) AS closed_of_due,
         count(*) FILTER (WHERE c.met_at < c.due_at) AS closed_on_time
  FROM closing c, bounds b
  WHERE LEAST(c.met_at, c.due_at) >= b.lo AND LEAST(c.met_at, c.due_at) < b.hi
    AND (c.paused_at IS NULL OR c.met_at IS NOT NULL)
  GROUP BY 1
),
-- Overdue at the end of a day (now, for today): a case whose closing deadline is due by then and
-- not yet stopped, where it stops at its closing (met_at) or, unmet, at the pause of a clock
-- paused now: due_at <= end < stop. Counted in one pass as a running sum over the days: +1 on the
-- first day whose end reaches due_at, -1 on the first whose end reaches the stop (the day of
-- t - 1 microsecond, as a day ends at 24:00 inclusive); both at the first day when earlier.
overdue_spans AS (
  SELECT due_at, CASE WHEN met_at IS NOT NULL THEN met_at ELSE paused_at END AS stop_at
  FROM closing
),
marks AS (
  SELECT day, sum(n) AS n
  FROM (
    SELECT GREATEST(((due_at - interval '1 microsecond') AT TIME ZONE 'Asia/Shanghai')::date, $2::date) AS day, 1 AS n
    FROM overdue_spans WHERE due_at <= $4 AND (stop_at IS NULL OR due_at < stop_at)
    UNION ALL
    SELECT GREATEST(((stop_at - interval '1 microsecond') AT TIME ZONE 'Asia/Shanghai')::date, $2::date), -1
    FROM overdue_spans WHERE stop_at <= $4 AND due_at < stop_at
  ) x
  GROUP BY day
)
SELECT d.day::text AS day,
  COALESCE(f.received, 0) AS received,
  COALESCE(h.registered, 0) AS registered,
  COALESCE(h.dispatched, 0) AS dispatched,
  COALESCE(h.closed, 0) AS closed,
  COALESCE(t.due_to_close, 0) AS due_to_close,
  COALESCE(t.closed_of_due, 0) AS closed_of_due,
  COALESCE(t.closed_on_time, 0) AS closed_on_time,
  COALESCE(o.mass_incidents, 0) AS mass_incidents,
  COALESCE(sum(m.n) OVER (ORDER BY d.day), 0)::bigint AS overdue_at_end
FROM days d
  LEFT JOIN filed f ON f.day = d.day
  LEFT JOIN opened o ON o.day = d.day
  LEFT JOIN happened h ON h.day = d.day
  LEFT JOIN settled t ON t.day = d.day
  LEFT JOIN marks m ON m.day = d.day
ORDER BY d.day
