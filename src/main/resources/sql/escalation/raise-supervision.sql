-- 督办 (SUPERVISED) → 挂牌督办 (LISTED); never lowered by the sweeper.
UPDATE case_file SET supervision = $2
WHERE id = $1 AND (supervision IS NULL OR (supervision = 'SUPERVISED' AND $2 = 'LISTED'))
