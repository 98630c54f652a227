-- Ends the case's current supervision: LIFTED (解除督办) or REPLACED by a new placement.
UPDATE case_supervision SET ended_at = $2, ended_how = $3, ended_by = $4, end_note = $5
WHERE case_id = $1 AND ended_at IS NULL
