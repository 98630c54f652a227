SELECT c.id FROM incident_case ic JOIN case_file c ON c.id = ic.case_id
WHERE ic.incident_id = $1 AND c.status NOT IN ('CLOSED', 'DECLINED', 'MERGED')
