-- The case a supervision change is about, locked for the transaction (as every case change does).
SELECT id, case_no, cell_code, category, status, version, supervision, assigned_inspectors
FROM case_file WHERE id = $1 FOR UPDATE
