-- The case merged into ($1) takes on the merged case's workers, and those merged into it before.
UPDATE case_file t SET merged_workers = t.merged_workers + m.workers_involved + m.merged_workers
FROM case_file m
WHERE t.id = $1 AND m.id = $2
RETURNING t.case_no, t.cell_code, t.category, t.workers_involved + t.merged_workers AS total_workers
