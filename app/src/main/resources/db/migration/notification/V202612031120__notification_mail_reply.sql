-- Replies by e-mail. Each e-mail that can be answered carries its own reply address: a random
-- id, signed, naming one person and one thing to answer, until it expires or the person's
-- sessions are ended (revoked_at).
CREATE TABLE notification_reply_address (
    id          TEXT PRIMARY KEY,
    user_id     UUID        NOT NULL REFERENCES app_user (id),
    reply_kind  TEXT        NOT NULL,
    target      UUID        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    revoked_at  TIMESTAMPTZ
);
CREATE INDEX notification_reply_address_user_idx ON notification_reply_address (user_id) WHERE revoked_at IS NULL;

-- Every inbound mail read from the mailbox, once: its Message-ID is the key, so a mail
-- delivered twice, or read by two nodes at once, is handled once. The raw message is kept a
-- week for support, then purged.
CREATE TABLE notification_inbound_mail (
    message_id  TEXT PRIMARY KEY,
    received_at TIMESTAMPTZ NOT NULL,
    outcome     TEXT        NOT NULL,
    user_id     UUID,
    raw         BYTEA
);
CREATE INDEX notification_inbound_mail_received_idx ON notification_inbound_mail (received_at);
