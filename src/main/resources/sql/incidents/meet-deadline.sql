-- The on-site clock of incident $1 is met (arrival) or stopped (closing) at $2.
UPDATE incident_deadline SET met_at = coalesce(met_at, $2) WHERE incident_id = $1
