-- The case an evidence request is about: enough to decide scope (its cell), who may add (its
-- team) and what the live event says.
SELECT id, case_no, category, cell_code, assigned_inspectors FROM case_file WHERE id = $1
