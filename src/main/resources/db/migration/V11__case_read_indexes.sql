-- A case's escalations are read with every case (select-escalations.sql): by case, not by
-- scanning the whole outbox.
CREATE INDEX event_outbox_case ON event_outbox (case_id, seq);
