-- The case's current level ($2, null when lifted) and its next version: the placement or lift is
-- a case event (on the timeline), so it takes the next version like any workflow step.
UPDATE case_file SET supervision = $2, version = version + 1, updated_at = now()
WHERE id = $1
RETURNING version, updated_at
