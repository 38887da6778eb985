-- Every outgoing e-mail is first a row here, written in the transaction that caused it.
-- Without SMTP it stays 'kept' for administrators to read; with SMTP a worker sends it.
CREATE TABLE mail_outbox (
    id              UUID PRIMARY KEY,
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    text_body       TEXT NOT NULL,
    html_body       TEXT,
    status          TEXT NOT NULL CHECK (status IN ('kept', 'pending', 'sent', 'failed')),
    attempts        INT  NOT NULL DEFAULT 0,
    last_error      TEXT,
    next_attempt_at TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL,
    sent_at         TIMESTAMPTZ
);
CREATE INDEX mail_outbox_pending_idx ON mail_outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX mail_outbox_created_idx ON mail_outbox (created_at DESC);
