-- 督办 (SUPERVISED) → 挂牌督办 (LISTED); never lowered by the sweeper (so a manual LISTED stays).
-- A raise ends the current supervision row (REPLACED) and starts an AUTOMATIC one whose reason is
-- the deadline kind missed ($3), keeping the replaced row's unit and due time (a manual 督办 that
-- becomes 挂牌督办 keeps its 承办单位 and 办结时限). $4 is now, from the injected clock. The
-- scalar subqueries read "ended" before the insert, so the old row is ended first.
WITH raised AS (
  UPDATE case_file SET supervision = $2
  WHERE id = $1 AND (supervision IS NULL OR (supervision = 'SUPERVISED' AND $2 = 'LISTED'))
  RETURNING id
), ended AS (
  UPDATE case_supervision s SET ended_at = $4, ended_how = 'REPLACED'
  FROM raised WHERE s.case_id = raised.id AND s.ended_at IS NULL
  RETURNING s.unit, s.due_at
)
INSERT INTO case_supervision (case_id, level, source, reason, unit, due_at, placed_at)
SELECT raised.id, $2, 'AUTOMATIC', $3, (SELECT unit FROM ended LIMIT 1), (SELECT due_at FROM ended LIMIT 1), $4
FROM raised
