-- Canonical encoding version 2: the typed fields of operator and steward
-- actions (action, target) and of authentication failure summaries
-- (count), and the encoding version each event's hash covers. Events
-- stored before this migration were sealed with version 1 and keep it;
-- version 1 never holds action, target or count, so their defaults are
-- what those events mean.
ALTER TABLE audit_events ADD COLUMN action TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_events ADD COLUMN target TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_events ADD COLUMN count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE audit_events ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
