SELECT id, case_no, status, version, channel, category, urgency, attributes, lon, lat, crs, lon_wgs84, lat_wgs84,
  cell_code, cell_version_id, unassigned_reason, boundary, snapped, employer_name, employer_credit_code,
  workers_involved, amount_owed::text AS amount_owed, description, complainant_name, complainant_phone,
  complainant_id_number, taken_by, assigned_inspectors, accepted_by, extension_working_days, status_before_parking,
  outcome, reworks, follow_up, merged_into, supervision, merged_workers, created_at, updated_at
FROM case_file WHERE id = $1
