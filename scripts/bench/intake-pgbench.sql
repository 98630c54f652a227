-- pgbench's side of the intake benchmark (io.gridwatch.cases.bench.IntakeBenchmark): every
-- statement one POST /api/complaints sends to PostgreSQL, in the same order and the same
-- transaction, as captured with log_statement=all (scripts/bench/capture-intake-sql.sh):
-- the session check, the idempotency lookup (a miss), the filing transaction (CaseStore.file),
-- and the two reads of the 201 answer. Run with -M extended: the server's client sends unnamed
-- extended-protocol statements (no prepared-statement cache), and BEGIN/COMMIT and the id query
-- as simple queries.
-- Variables given by the benchmark with -D: hash (a live session's id_hash, as '\x…'),
-- user_id and username (the operator), cell (a current level-3 cell code).
-- Captured on main b4009eb (case_deadline rows not yet written by the filing): see docs/performance.md.
\set lookup random(1, 1000000000)
SELECT s.user_id, s.last_seen, u.username, u.role, u.grid_code, u.disabled
FROM auth_session s
JOIN app_user u ON u.id = s.user_id
WHERE s.id_hash = :hash AND s.revoked_at IS NULL;
SELECT request_hash, case_id FROM idempotency_key WHERE user_id = :user_id AND key = 'pgbench-lookup-' || :lookup;
BEGIN;
SELECT nextval(pg_get_serial_sequence('case_file', 'id')) AS id,
       'GW-' || to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || '-'
         || lpad(nextval('case_no_seq')::text, 6, '0') AS case_no \gset
INSERT INTO case_file (id, case_no, status, version, channel, category, urgency, attributes,
  lon, lat, crs, lon_wgs84, lat_wgs84, cell_code, cell_version_id, unassigned_reason, boundary, snapped,
  employer_name, employer_credit_code, workers_involved, amount_owed, description,
  complainant_name, complainant_phone, complainant_id_number, taken_by)
VALUES (:id, :case_no, 'RECEIVED', 1, 'HOTLINE', 'WAGE_ARREARS', 'NORMAL', '{}', 104.0805, 30.657, 'WGS84',
  104.0805, 30.657, :cell, (SELECT id FROM grid_cell WHERE code = :cell AND valid_to IS NULL), NULL, false, false,
  '成都某建筑劳务有限公司', NULL, 12, 12500.00, '三个月工资未发', '张三丰', '13812345678', NULL, :user_id);
INSERT INTO idempotency_key (key, user_id, request_hash, case_id)
VALUES ('pgbench-' || :id, :user_id, '036d32acf6fa5257e444006eefde9b7b85afeb85bf57aae404966ff70abd0aaf', :id);
UPDATE event_seq SET last = last + 1 RETURNING last \gset
INSERT INTO case_event (case_id, version, type, actor_id, actor_name, data)
VALUES (:id, 1, 'received', :user_id, :username, '{"to": "RECEIVED", "data": {}, "from": "RECEIVED", "role": "OPERATOR"}')
RETURNING id AS event_row, at \gset
INSERT INTO event_outbox (seq, event_id, case_id, cell_code, type, at, payload)
VALUES (:last, gen_random_uuid(), :id, :cell, 'case.received', :at,
  format('{"at": "%s", "seq": %s, "data": {"to": "RECEIVED", "from": "RECEIVED", "actor": {"role": "OPERATOR", "userId": %s}, "caseId": %s, "caseNo": "%s", "version": 1, "category": "WAGE_ARREARS"}, "type": "case.received", "cellCode": "%s"}',
    :at::text, :last::text, :user_id::text, :id::text, :case_no::text, :cell::text)::jsonb);
INSERT INTO audit_log (actor_id, actor_name, action, object_type, object_id, address, outcome, detail)
VALUES (:user_id, :username, 'case.create', 'case', :id, '127.0.0.1', 'SUCCESS',
  format('{"caseNo": "%s", "channel": "HOTLINE", "category": "WAGE_ARREARS", "cellCode": "%s", "idempotencyKey": "pgbench-%s", "unassignedReason": null}',
    :case_no::text, :cell::text, :id::text)::jsonb);
COMMIT;
SELECT id, case_no, status, version, channel, category, urgency, attributes, lon, lat, crs, lon_wgs84, lat_wgs84,
  cell_code, cell_version_id, unassigned_reason, boundary, snapped, employer_name, employer_credit_code,
  workers_involved, amount_owed::text AS amount_owed, description, complainant_name, complainant_phone,
  complainant_id_number, taken_by, assigned_inspectors, accepted_by, extension_working_days, status_before_parking,
  outcome, reworks, follow_up, merged_into, created_at, updated_at
FROM case_file WHERE id = :id;
SELECT id, version, type, actor_id, actor_name, at, data FROM case_event WHERE case_id = :id ORDER BY version, id;
