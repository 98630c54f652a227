-- Issue 11: the dispatched team's acceptance clock is a deadline row like the others
-- (DISPATCH_ACCEPT), swept by the acceptance timeouts rather than escalated; case events of the
-- system itself (an acceptance timeout, an automatic dispatch) name no user.
ALTER TABLE case_deadline DROP CONSTRAINT case_deadline_kind_check;
ALTER TABLE case_deadline ADD CONSTRAINT case_deadline_kind_check CHECK (kind IN ('LEGAL_ACCEPT', 'LEGAL_REGISTER',
  'LEGAL_INVESTIGATE', 'SERVICE_ON_SITE', 'SERVICE_REGISTER', 'SERVICE_CLOSE', 'PARK_REVIEW', 'DISPATCH_ACCEPT'));

-- The acceptance timeouts look for running DISPATCH_ACCEPT rows by due time.
CREATE INDEX case_deadline_dispatch_accept_due ON case_deadline (due_at)
  WHERE kind = 'DISPATCH_ACCEPT' AND met_at IS NULL AND paused_at IS NULL;

-- Cases by assignee (GET /api/cases?assignee=me): the field app's list.
CREATE INDEX case_file_assigned_inspectors ON case_file USING gin (assigned_inspectors);
