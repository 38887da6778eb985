-- Each person's notifications. Features write them through NotificationService in their own
-- transaction; each one is also an event of the person's private stream `person:<id>`.
CREATE TABLE notification (
    id           UUID PRIMARY KEY,
    recipient_id UUID        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    kind         TEXT        NOT NULL,
    -- Where it leads in the web client, e.g. /threads/<id>.
    link         TEXT        NOT NULL,
    -- Parameters of the message (titles, names), rendered in the reader's language.
    data         JSONB       NOT NULL DEFAULT '{}',
    urgent       BOOLEAN     NOT NULL DEFAULT FALSE,
    -- A feature's own key so that a retried or repeated notify creates one notification.
    dedupe_key   TEXT,
    created_at   TIMESTAMPTZ NOT NULL,
    read_at      TIMESTAMPTZ,
    UNIQUE (recipient_id, dedupe_key)
);

CREATE INDEX notification_recipient_recent ON notification (recipient_id, created_at DESC);
CREATE INDEX notification_recipient_unread ON notification (recipient_id) WHERE read_at IS NULL;
