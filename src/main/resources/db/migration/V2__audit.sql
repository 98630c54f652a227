-- The audit trail (GB/T 22239 level 3; 网络安全法 art. 21: keep at least six months).
-- Append-only: the database itself refuses UPDATE, TRUNCATE, and DELETE of any row younger than
-- the retention period, whoever asks. Only rows past retention may be purged.

CREATE TABLE audit_setting (
  id              boolean PRIMARY KEY DEFAULT true CHECK (id),
  retention_days  integer NOT NULL CHECK (retention_days >= 180)
);
INSERT INTO audit_setting (retention_days) VALUES (180);

CREATE TABLE audit_log (
  id           bigserial   PRIMARY KEY,
  at           timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor_id     bigint,
  actor_name   text,
  action       text        NOT NULL,
  object_type  text,
  object_id    text,
  address      text,
  outcome      text        NOT NULL CHECK (outcome IN ('SUCCESS', 'FAILURE', 'DENIED')),
  detail       jsonb       NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_actor ON audit_log (actor_id, at);
CREATE INDEX audit_log_object ON audit_log (object_type, object_id, at);

CREATE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.at > now() - make_interval(days => (SELECT retention_days FROM audit_setting)) THEN
      RAISE EXCEPTION 'audit_log is append-only: row % is within the retention period', OLD.id
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_guard();
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_guard();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_guard();

-- Shortening retention below the legal minimum is refused by the CHECK above; the setting row
-- cannot be deleted either.
CREATE FUNCTION audit_setting_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_setting cannot be deleted' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_setting_no_delete BEFORE DELETE OR TRUNCATE ON audit_setting
  FOR EACH STATEMENT EXECUTE FUNCTION audit_setting_guard();
