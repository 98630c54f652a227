-- Clocks as the rules say (issue 10):
-- 受理 is a step of its own (ADMITTED), apart from receipt (RECEIVED, 待受理) and 立案 (REGISTERED);
-- 挂账 has a review date, kept as a deadline (PARK_REVIEW) that the sweeper escalates like any other;
-- a deadline counted over a year without a checked holiday notice is marked provisional.

ALTER TABLE case_file DROP CONSTRAINT case_file_status_check;
ALTER TABLE case_file ADD CONSTRAINT case_file_status_check CHECK (status IN ('RECEIVED', 'ADMITTED', 'REGISTERED',
  'DECLINED', 'DISPATCHED', 'ON_SITE', 'INVESTIGATING', 'RESOLVED', 'VERIFIED', 'CLOSED', 'MERGED', 'PARKED'));

ALTER TABLE case_deadline DROP CONSTRAINT case_deadline_kind_check;
ALTER TABLE case_deadline ADD CONSTRAINT case_deadline_kind_check CHECK (kind IN ('LEGAL_ACCEPT', 'LEGAL_REGISTER',
  'LEGAL_INVESTIGATE', 'SERVICE_ON_SITE', 'SERVICE_REGISTER', 'SERVICE_CLOSE', 'PARK_REVIEW'));

-- Counted over calendar days that are a guess (no holiday file for a year, or one not checked
-- against the State Council's notice): shown as provisional, never refused.
ALTER TABLE case_deadline ADD COLUMN provisional boolean NOT NULL DEFAULT false;
