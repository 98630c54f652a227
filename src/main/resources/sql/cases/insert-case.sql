-- A new case (CaseStore.file, a SqlTemplate: named parameters from CaseStore.NewCase).
INSERT INTO case_file (id, case_no, status, version, channel, category, urgency, attributes,
  lon, lat, crs, lon_wgs84, lat_wgs84, cell_code, cell_version_id, unassigned_reason, boundary, snapped,
  employer_name, employer_credit_code, workers_involved, amount_owed, description,
  complainant_name, complainant_phone, complainant_id_number, taken_by)
VALUES (#{id}, #{caseNo}, #{status}, #{version}, #{channel}, #{category}, #{urgency}, #{attributes},
  #{lon}, #{lat}, #{crs}, #{lonWgs84}, #{latWgs84}, #{cellCode},
  (SELECT id FROM grid_cell WHERE code = #{cellCode} AND valid_to IS NULL), #{unassignedReason}, #{boundary},
  #{snapped}, #{employerName}, #{employerCreditCode}, #{workersInvolved}, #{amountOwed}, #{description},
  #{complainantName}, #{complainantPhone}, #{complainantIdNumber}, #{takenBy})
