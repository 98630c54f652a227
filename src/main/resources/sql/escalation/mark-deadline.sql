UPDATE case_deadline SET warned_at = coalesce(warned_at, $3),
  escalated_at = CASE WHEN $4 THEN $3 ELSE escalated_at END
WHERE case_id = $1 AND kind = $2
