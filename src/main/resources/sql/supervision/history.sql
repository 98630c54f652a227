-- Every supervision of a case, oldest first, with who placed and who ended it.
SELECT s.id, s.level, s.source, s.reason, s.unit, s.due_at, s.note, s.placed_by, p.display_name AS placed_by_name,
  s.placed_at, s.ended_at, s.ended_how, s.ended_by, e.display_name AS ended_by_name, s.end_note
FROM case_supervision s
LEFT JOIN app_user p ON p.id = s.placed_by
LEFT JOIN app_user e ON e.id = s.ended_by
WHERE s.case_id = $1
ORDER BY s.id
