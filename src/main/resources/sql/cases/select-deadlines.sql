SELECT kind, started_at, due_at, warn_at, paused_at, remaining_ms, remaining_working_days, extension_working_days,
  met_at, provisional, warned_at, escalated_at
FROM case_deadline WHERE case_id = $1 ORDER BY due_at, kind
