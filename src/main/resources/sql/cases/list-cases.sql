-- One page of the cases in scope $1 ('' = city-wide) that pass the filters (a null filter passes
-- all), sorted by $13, with the total of all that pass. $16 is an assignee's user id. $8 is now, for "overdue". Text filters
-- come escaped for LIKE with backslash as the escape character. Always one row at least: an
-- empty page is a single row with the total and a null id.
WITH matched AS (
  SELECT c.* FROM case_file c
  WHERE (($1::text = '' AND c.cell_code IS NULL) OR c.cell_code LIKE $1 || '%')
    AND ($2::text IS NULL OR c.status = $2)
    AND ($3::text IS NULL OR c.cell_code LIKE $3 || '%')
    AND ($4::boolean IS NOT TRUE OR c.cell_code IS NULL)
    AND ($5::text IS NULL OR c.category = $5)
    AND ($6::text IS NULL OR c.channel = $6)
    AND ($7::boolean IS NULL OR $7 = EXISTS (SELECT 1 FROM case_deadline o WHERE o.case_id = c.id
          AND o.met_at IS NULL AND o.paused_at IS NULL AND o.due_at <= $8))
    AND ($9::text IS NULL OR c.employer_credit_code = upper($9) OR c.employer_name ILIKE '%' || $9 || '%' ESCAPE '\')
    AND ($10::text IS NULL OR c.case_no = upper($10) OR c.description ILIKE '%' || $10 || '%' ESCAPE '\'
          OR c.employer_name ILIKE '%' || $10 || '%' ESCAPE '\')
    AND ($11::boolean IS NULL OR $11 = (c.status NOT IN ('CLOSED', 'DECLINED', 'MERGED')))
    AND ($12::text IS NULL OR c.supervision = $12)
    AND ($16::bigint IS NULL OR c.assigned_inspectors @> ARRAY[$16::bigint])
), page AS (
  SELECT c.id, c.case_no, c.status, c.version, c.channel, c.category, c.urgency, c.cell_code, c.unassigned_reason,
    c.employer_name, c.employer_credit_code, c.workers_involved, c.merged_workers, c.amount_owed::text AS amount_owed,
    c.attributes, c.supervision, c.lon_wgs84, c.lat_wgs84, c.assigned_inspectors, c.accepted_by,
    c.complainant_name, c.complainant_phone, c.complainant_id_number, c.created_at, c.updated_at,
    nd.kind AS next_kind, nd.started_at AS next_started_at, nd.due_at AS next_due_at, nd.warn_at AS next_warn_at,
    nd.provisional AS next_provisional,
    sv.source AS sup_source, sv.reason AS sup_reason, sv.unit AS sup_unit, sv.due_at AS sup_due_at,
    sv.placed_by AS sup_placed_by, su.display_name AS sup_placed_by_name, sv.placed_at AS sup_placed_at,
    EXISTS (SELECT 1 FROM case_deadline p WHERE p.case_id = c.id AND p.provisional AND p.met_at IS NULL)
      AS provisional_deadlines,
    row_number() OVER (ORDER BY
      CASE WHEN $13 = 'nextDue' THEN nd.due_at END ASC NULLS LAST,
      CASE WHEN $13 = 'createdAt' THEN c.created_at END ASC,
      CASE WHEN $13 = '-updatedAt' THEN c.updated_at END DESC,
      CASE WHEN $13 = 'updatedAt' THEN c.updated_at END ASC,
      CASE WHEN $13 = '-workers' THEN c.workers_involved + c.merged_workers END DESC,
      c.created_at DESC, c.id DESC) AS rn
  FROM matched c
  LEFT JOIN LATERAL (
    SELECT kind, started_at, due_at, warn_at, provisional FROM case_deadline d
    WHERE d.case_id = c.id AND d.met_at IS NULL AND d.paused_at IS NULL ORDER BY d.due_at LIMIT 1
  ) nd ON true
  LEFT JOIN case_supervision sv ON sv.case_id = c.id AND sv.ended_at IS NULL
  LEFT JOIN app_user su ON su.id = sv.placed_by
  ORDER BY rn
  LIMIT $14 OFFSET $15
)
SELECT t.total, page.* FROM (SELECT count(*) AS total FROM matched) t LEFT JOIN page ON true
-- The join keeps no order: sort the page again.
ORDER BY page.rn
