-- A deadline as the calculator left it. The sweeper's marks (warned_at, escalated_at) belong to
-- one warn/due time: when the deadline moves (extension, unparking) they are cleared so the new
-- time warns and escalates again.
INSERT INTO case_deadline AS d (case_id, kind, started_at, due_at, warn_at, paused_at, remaining_ms,
  remaining_working_days, extension_working_days, met_at, provisional)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
ON CONFLICT (case_id, kind) DO UPDATE SET
  started_at = EXCLUDED.started_at, due_at = EXCLUDED.due_at, warn_at = EXCLUDED.warn_at,
  paused_at = EXCLUDED.paused_at, remaining_ms = EXCLUDED.remaining_ms,
  remaining_working_days = EXCLUDED.remaining_working_days,
  extension_working_days = EXCLUDED.extension_working_days, met_at = EXCLUDED.met_at,
  provisional = EXCLUDED.provisional,
  warned_at = CASE WHEN d.warn_at = EXCLUDED.warn_at THEN d.warned_at END,
  escalated_at = CASE WHEN d.due_at = EXCLUDED.due_at THEN d.escalated_at END
