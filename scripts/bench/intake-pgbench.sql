-- pgbench's side of the intake benchmark (io.gridwatch.cases.bench.IntakeBenchmark): every
-- statement one POST /api/complaints sends to PostgreSQL, in the same order, in the same
-- transaction, as captured with log_statement=all (scripts/bench/capture-intake-sql.sh): the
-- session check, the idempotency lookup (a miss), the filing transaction (CaseStore.file: case,
-- key, deadlines, seq, event, outbox, audit), and the reads of the 201 answer.
--
-- A template: each "--@ NAME ARG | ARG | ..." line becomes the server's own SQL text
-- (src/main/resources/sql/NAME.sql, via io.gridwatch.store.Sql) with $1, $2, ... replaced by the
-- ARGs, so the statement text cannot drift from the server's; a statement that gains or loses a
-- parameter stops the benchmark. A trailing "\gset [prefix]" keeps the result row in variables.
-- The benchmark writes the expanded script to target/intake-pgbench.expanded.sql and runs it
-- with -M extended (the server's client sends unnamed extended-protocol statements and caches
-- none) and with the deadline upserts in one pipeline, as the server's executeBatch sends them.
-- Variables given with -D: hash (a live session's id_hash, '\x...'), user_id and username (the
-- operator), cell (a current level-3 cell). Points are uniform over the same box as the load
-- generator's. Values not derived from variables are the captured ones.
--
-- Captured on main fd495c5, re-checked on be419ba; the seq, event and outbox writes became one
-- statement sent last (append-event.sql), 17 statements (filing writes three case_deadline rows;
-- the answer also reads the deadlines, the deadline escalations in the outbox and the related cases).
\set lookup random(1, 1000000000)
\set lon 104.03 + random(0, 80000) / 1000000.0
\set lat 30.62 + random(0, 70000) / 1000000.0
--@ auth/select-session :hash
--@ cases/select-idempotency :user_id | 'pgbench-lookup-' || :lookup
BEGIN;
--@ cases/next-ids \gset
--@ cases/insert-case :id | :case_no | 'RECEIVED' | 1 | 'HOTLINE' | 'WAGE_ARREARS' | 'NORMAL' | '{}' | :lon | :lat | 'WGS84' | :lon | :lat | :cell | NULL | false | false | '成都某建筑劳务有限公司' | NULL | 12 | 12500.00 | '三个月工资未发' | '张三丰' | '13812345678' | NULL | :user_id
--@ cases/insert-idempotency 'pgbench-' || :id | :user_id | '036d32acf6fa5257e444006eefde9b7b85afeb85bf57aae404966ff70abd0aaf' | :id
\startpipeline
--@ cases/upsert-deadline :id | 'LEGAL_ACCEPT' | now() | now() + interval '5 days' | now() + interval '4 days' | NULL | NULL | NULL | 0 | NULL
--@ cases/upsert-deadline :id | 'SERVICE_REGISTER' | now() | now() + interval '16 hours' | now() + interval '12 hours' | NULL | NULL | NULL | 0 | NULL
--@ cases/upsert-deadline :id | 'SERVICE_CLOSE' | now() | now() + interval '7 days' | now() + interval '6 days' | NULL | NULL | NULL | 0 | NULL
\endpipeline
--@ audit/insert :user_id | :username | 'case.create' | 'case' | :id | '127.0.0.1' | 'SUCCESS' | format('{"caseNo": "%s", "channel": "HOTLINE", "category": "WAGE_ARREARS", "cellCode": "%s", "idempotencyKey": "pgbench-%s", "unassignedReason": null}', :case_no::text, :cell::text, :id::text)::jsonb
--@ cases/append-event :id | 1 | 'received' | :user_id | :username | '{"to": "RECEIVED", "data": {}, "from": "RECEIVED", "role": "OPERATOR"}' | gen_random_uuid() | :cell | 'case.received' | format('{"data": {"to": "RECEIVED", "from": "RECEIVED", "actor": {"role": "OPERATOR", "userId": %s}, "caseId": %s, "caseNo": "%s", "version": 1, "category": "WAGE_ARREARS"}, "type": "case.received", "cellCode": "%s"}', :user_id::text, :id::text, :case_no::text, :cell::text) | '{}'
COMMIT;
--@ cases/select-case :id
--@ cases/select-events :id
--@ cases/select-deadlines :id
--@ cases/select-escalations :id
--@ cases/select-related :id | ''
