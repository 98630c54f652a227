-- A new incident; nothing (no row returned) when an open incident of the key exists already.
-- $1 key kind, $2 key value, $3 yyyymmdd (Asia/Shanghai), $4 opened at, $5 opened by (null:
-- system), $6 opener's name, $7 grade, $8 note.
INSERT INTO incident (incident_no, key_kind, key_value, status, grade, workers, opened_at, opened_by, opened_by_name,
  note, updated_at)
VALUES ('GW-INC-' || $3 || '-' || lpad(nextval('incident_no_seq')::text, 4, '0'), $1, $2, 'OPEN', $7, 0, $4, $5, $6,
  $8, $4)
ON CONFLICT DO NOTHING
RETURNING id, incident_no
