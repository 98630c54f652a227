-- (CaseStore.list, a SqlTemplate: named parameters from the Filter.)
-- One page of the cases in scope scopePrefix ('' = city-wide) that pass the filters (a null filter passes
-- all), sorted by sort, with the total of all that pass. assignee is an assignee's user id. now is now, for "overdue". Text filters
-- come escaped for LIKE with backslash as the escape character. Always one row at least: an
-- empty page is a single row with the total and a null id.
WITH matched AS (
  SELECT c.* FROM case_file c
  WHERE ((#{scopePrefix}::text = '' AND c.cell_code IS NULL) OR c.cell_code LIKE #{scopePrefix} || '%')
    AND (#{status}::text IS NULL OR c.status = #{status})
    AND (#{cell}::text IS NULL OR c.cell_code LIKE #{cell} || '%')
    AND (#{unassigned}::boolean IS NOT TRUE OR c.cell_code IS NULL)
    AND (#{category}::text IS NULL OR c.category = #{category})
    AND (#{channel}::text IS NULL OR c.channel = #{channel})
    AND (#{overdue}::boolean IS NULL OR #{overdue} = EXISTS (SELECT 1 FROM case_deadline o WHERE o.case_id = c.id
          AND o.met_at IS NULL AND o.paused_at IS NULL AND o.due_at <= #{now}))
    AND (#{employer}::text IS NULL OR c.employer_credit_code = upper(#{employer}) OR c.employer_name ILIKE '%' || #{employer} || '%' ESCAPE '\')
    AND (#{text}::text IS NULL OR c.case_no = upper(#{text}) OR c.description ILIKE '%' || #{text} || '%' ESCAPE '\'
          OR c.employer_name ILIKE '%' || #{text} || '%' ESCAPE '\')
    AND (#{open}::boolean IS NULL OR #{open} = (c.status NOT IN ('CLOSED', 'DECLINED', 'MERGED')))
    AND (#{supervision}::text IS NULL OR c.supervision = #{supervision})
    AND (#{assignee}::bigint IS NULL OR c.assigned_inspectors @> ARRAY[#{assignee}::bigint])
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
      CASE WHEN #{sort} = 'nextDue' THEN nd.due_at END ASC NULLS LAST,
      CASE WHEN #{sort} = 'createdAt' THEN c.created_at END ASC,
      CASE WHEN #{sort} = '-updatedAt' THEN c.updated_at END DESC,
      CASE WHEN #{sort} = 'updatedAt' THEN c.updated_at END ASC,
      CASE WHEN #{sort} = '-workers' THEN c.workers_involved + c.merged_workers END DESC,
      c.created_at DESC, c.id DESC) AS rn
  FROM matched c
  LEFT JOIN LATERAL (
    SELECT kind, started_at, due_at, warn_at, provisional FROM case_deadline d
    WHERE d.case_id = c.id AND d.met_at IS NULL AND d.paused_at IS NULL ORDER BY d.due_at LIMIT 1
  ) nd ON true
  LEFT JOIN case_supervision sv ON sv.case_id = c.id AND sv.ended_at IS NULL
  LEFT JOIN app_user su ON su.id = sv.placed_by
  ORDER BY rn
  LIMIT #{limit} OFFSET #{offset}
)
SELECT t.total, page.* FROM (SELECT count(*) AS total FROM matched) t LEFT JOIN page ON true
-- The join keeps no order: sort the page again.
ORDER BY page.rn
