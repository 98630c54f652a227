SELECT c.id, c.case_no, c.status, c.version, c.channel, c.category, c.urgency, c.attributes, c.lon, c.lat, c.crs,
  c.lon_wgs84, c.lat_wgs84, c.cell_code, c.cell_version_id, c.unassigned_reason, c.boundary, c.snapped,
  c.employer_name, c.employer_credit_code, c.workers_involved, c.amount_owed::text AS amount_owed, c.description,
  c.complainant_name, c.complainant_phone, c.complainant_id_number, c.taken_by, c.assigned_inspectors,
  c.accepted_by, c.extension_working_days, c.status_before_parking, c.outcome, c.reworks, c.follow_up,
  c.merged_into, c.supervision, c.merged_workers, c.created_at, c.updated_at,
  -- The current supervision (V18), if any.
  s.source AS sup_source, s.reason AS sup_reason, s.unit AS sup_unit, s.due_at AS sup_due_at, s.note AS sup_note,
  s.placed_by AS sup_placed_by, u.display_name AS sup_placed_by_name, s.placed_at AS sup_placed_at
FROM case_file c
LEFT JOIN case_supervision s ON s.case_id = c.id AND s.ended_at IS NULL
LEFT JOIN app_user u ON u.id = s.placed_by
WHERE c.id = $1
