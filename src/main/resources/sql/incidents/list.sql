-- Incidents in scope $1 ('' = city-wide, which also sees incidents without a cell), open or not
-- ($2, null: both), in cell $3 and below (null: all), newest first, page $4/$5, with the total.
SELECT i.id, i.incident_no, i.key_kind, i.key_value, i.status, i.version, i.grade, i.cell_code, i.lon, i.lat,
  i.employer_name, i.employer_credit_code, i.project_name, i.workers, i.opened_at, i.opened_by, i.opened_by_name,
  i.note, i.team, i.arrived_at, i.arrived_by, i.arrival_lon, i.arrival_lat, i.on_site_overdue, i.closed_at,
  i.closed_by, i.summary, i.updated_at,
  d.due_at AS on_site_due_at, d.met_at AS on_site_met_at,
  (SELECT coalesce(array_agg(ic.case_id ORDER BY ic.case_id), '{}') FROM incident_case ic WHERE ic.incident_id = i.id)
    AS case_ids,
  count(*) OVER () AS total
FROM incident i LEFT JOIN incident_deadline d ON d.incident_id = i.id AND d.kind = 'ON_SITE'
WHERE (($1::text = '' AND i.cell_code IS NULL) OR i.cell_code LIKE $1 || '%')
  AND ($2::boolean IS NULL OR $2 = (i.status <> 'CLOSED'))
  AND ($3::text IS NULL OR i.cell_code LIKE $3 || '%')
ORDER BY i.opened_at DESC, i.id DESC
LIMIT $4 OFFSET $5
