INSERT INTO case_file (id, case_no, status, version, channel, category, urgency, attributes,
  lon, lat, crs, lon_wgs84, lat_wgs84, cell_code, cell_version_id, unassigned_reason, boundary, snapped,
  employer_name, employer_credit_code, workers_involved, amount_owed, description,
  complainant_name, complainant_phone, complainant_id_number, taken_by)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
  (SELECT id FROM grid_cell WHERE code = $14 AND valid_to IS NULL), $15, $16, $17,
  $18, $19, $20, $21, $22, $23, $24, $25, $26)
