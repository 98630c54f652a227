-- The detector's cursor, locked for this sweep; no row when another node is sweeping (it skips).
SELECT last_seq FROM incident_sweep WHERE one FOR UPDATE SKIP LOCKED
