-- A declaration waits for a running sweep (and keeps sweeps out until it commits), so that the
-- two never put the same cases into two incidents at once.
SELECT last_seq FROM incident_sweep WHERE one FOR UPDATE
