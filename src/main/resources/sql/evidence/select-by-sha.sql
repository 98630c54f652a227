-- The attachment of the blob $2 to case $1, if any.
SELECT e.id, e.case_id, e.sha256, e.size_bytes, e.content_type, e.file_name, e.note, e.taken_at, e.lon, e.lat,
  e.exif_taken_at, e.exif_lon, e.exif_lat, e.uploaded_by, u.username AS uploaded_by_name, e.uploaded_at
FROM evidence e JOIN app_user u ON u.id = e.uploaded_by
WHERE e.case_id = $1 AND e.sha256 = $2
