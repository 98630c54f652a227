-- The newest committed event: where a relay starting in a fresh process begins.
SELECT coalesce(max(seq), 0) AS last FROM event_outbox
