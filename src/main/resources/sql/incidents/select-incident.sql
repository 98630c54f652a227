-- One incident with its on-site clock and its cases ($2: lock it for an action).
SELECT i.id, i.incident_no, i.key_kind, i.key_value, i.status, i.version, i.grade, i.cell_code, i.lon, i.lat,
  i.employer_name, i.employer_credit_code, i.project_name, i.workers, i.opened_at, i.opened_by, i.opened_by_name,
  i.note, i.team, i.arrived_at, i.arrived_by, i.arrival_lon, i.arrival_lat, i.on_site_overdue, i.closed_at,
  i.closed_by, i.summary, i.updated_at,
  d.due_at AS on_site_due_at, d.met_at AS on_site_met_at,
  (SELECT coalesce(array_agg(ic.case_id ORDER BY ic.case_id), '{}') FROM incident_case ic WHERE ic.incident_id = i.id)
    AS case_ids
FROM incident i LEFT JOIN incident_deadline d ON d.incident_id = i.id AND d.kind = 'ON_SITE'
WHERE i.id = $1
