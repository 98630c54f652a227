-- Serialises imports across every node: held until the transaction ends.
SELECT pg_advisory_xact_lock(hashtext('gridwatch.grid-import'))
