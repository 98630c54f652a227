-- A closed incident's cases are free for another incident (a declaration); its key is free again.
UPDATE incident_case SET open = false WHERE incident_id = $1
