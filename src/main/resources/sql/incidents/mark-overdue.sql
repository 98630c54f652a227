WITH d AS (UPDATE incident_deadline SET escalated_at = $2 WHERE incident_id = $1 AND kind = 'ON_SITE')
UPDATE incident SET on_site_overdue = true, version = version + 1, updated_at = $2 WHERE id = $1
RETURNING version
