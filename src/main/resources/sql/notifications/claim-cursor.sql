-- One dispatcher at a time: another node holding the row skips this round.
SELECT last_seq FROM notification_cursor WHERE one FOR UPDATE SKIP LOCKED
