-- Sessions ended (revoked or idle) before $1 are of no further use; logins stay in audit_log.
DELETE FROM auth_session WHERE last_seen < $1 OR revoked_at < $1
