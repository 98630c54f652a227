-- Field staff (inspectors and assistants, not disabled) with duty status, last position and
-- open assignments (cases not closed, declined or merged that list them in assigned_inspectors);
-- with $3 (a ranking) also when they were last dispatched (case_event "dispatched" naming them).
--   $1 the caller's scope prefix ('' = city-wide, which includes staff without a grid);
--   $2 a cell: staff whose grid is that cell or inside it, or null;
--   $3 exact grid codes (a case's chain), or null;
--   $4 one user, or null.
SELECT u.id, u.username, u.display_name, u.role, u.grid_code,
       COALESCE(s.status, 'OFF_DUTY') AS status, s.lon, s.lat, s.accuracy_meters, s.position_at,
       (SELECT count(*) FROM case_file c
        WHERE u.id = ANY (c.assigned_inspectors)
          AND c.status NOT IN ('CLOSED', 'DECLINED', 'MERGED')) AS open_assignments,
       CASE WHEN $3::text[] IS NOT NULL THEN
         (SELECT max(e.at) FROM case_event e
          WHERE e.type = 'dispatched' AND e.data -> 'data' -> 'inspectors' @> to_jsonb(u.id))
       END AS last_assigned_at
FROM app_user u
LEFT JOIN staff_roster s ON s.user_id = u.id
WHERE u.role IN ('INSPECTOR', 'ASSISTANT')
  AND NOT u.disabled
  AND ($1::text = '' OR u.grid_code LIKE $1 || '%')
  AND ($2::text IS NULL OR u.grid_code LIKE $2 || '%')
  AND ($3::text[] IS NULL OR u.grid_code = ANY ($3::text[]))
  AND ($4::bigint IS NULL OR u.id = $4)
ORDER BY u.grid_code NULLS FIRST, u.id
LIMIT 5000
