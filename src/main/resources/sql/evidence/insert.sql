-- One attachment of a blob to a case; nothing when the case already holds these bytes (the
-- caller then reads the existing row: the upload is idempotent).
INSERT INTO evidence (case_id, sha256, size_bytes, content_type, file_name, note, taken_at, lon, lat,
  exif_taken_at, exif_lon, exif_lat, uploaded_by)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
ON CONFLICT ON CONSTRAINT evidence_case_sha256 DO NOTHING
RETURNING id, case_id, sha256, size_bytes, content_type, file_name, note, taken_at, lon, lat, exif_taken_at, exif_lon,
  exif_lat, uploaded_by, (SELECT username FROM app_user WHERE id = $13) AS uploaded_by_name, uploaded_at
