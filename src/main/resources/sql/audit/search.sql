SELECT id, at, actor_id, actor_name, action, object_type, object_id, address, outcome, detail
  FROM audit_log
 WHERE ($1::bigint IS NULL OR actor_id = $1)
   AND ($2::text IS NULL OR actor_name = $2)
   AND ($3::text IS NULL OR action LIKE $3 || '%')
   AND ($4::text IS NULL OR object_type = $4)
   AND ($5::text IS NULL OR object_id = $5)
   AND ($6::timestamptz IS NULL OR at >= $6)
   AND ($7::timestamptz IS NULL OR at < $7)
   AND ($8::bigint IS NULL OR id < $8)
 ORDER BY id DESC
 LIMIT $9
