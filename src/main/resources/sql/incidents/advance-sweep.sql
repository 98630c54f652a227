UPDATE incident_sweep SET last_seq = $1 WHERE one AND last_seq < $1
