-- Exactly-once-or-visible delivery. A worker claims a row with a lease in its own short
-- transaction ('sending', lease_token), records 'transmitting' just before it talks SMTP,
-- then marks it 'sent'. A row whose lease ran out before transmitting goes back to 'pending'
-- (nothing left); one that was transmitting becomes 'uncertain' (it may or may not have left)
-- and waits for an administrator instead of being sent a second time silently.
ALTER TABLE mail_outbox DROP CONSTRAINT mail_outbox_status_check;
ALTER TABLE mail_outbox ADD CONSTRAINT mail_outbox_status_check
    CHECK (status IN ('kept', 'pending', 'sending', 'sent', 'failed', 'uncertain'));
ALTER TABLE mail_outbox ADD COLUMN lease_token UUID;
ALTER TABLE mail_outbox ADD COLUMN lease_owner TEXT;
ALTER TABLE mail_outbox ADD COLUMN lease_until TIMESTAMPTZ;
ALTER TABLE mail_outbox ADD COLUMN transmitting BOOLEAN NOT NULL DEFAULT FALSE;
-- Extra headers (e.g. List-Unsubscribe), as a JSON object of strings.
ALTER TABLE mail_outbox ADD COLUMN headers JSONB NOT NULL DEFAULT '{}';
CREATE INDEX mail_outbox_lease_idx ON mail_outbox (lease_until) WHERE status = 'sending';
