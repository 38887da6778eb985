-- E-mail preferences. No row means the defaults: a daily digest at 08:00 in the person's own
-- zone, urgent notices e-mailed at once, no quiet hours.
CREATE TABLE notification_preference (
    user_id            UUID PRIMARY KEY REFERENCES app_user (id) ON DELETE CASCADE,
    digest             TEXT     NOT NULL CHECK (digest IN ('daily', 'weekly', 'none')),
    digest_hour        SMALLINT NOT NULL CHECK (digest_hour BETWEEN 0 AND 23),
    -- ISO day of the week of the weekly digest, 1 = Monday.
    digest_weekday     SMALLINT NOT NULL CHECK (digest_weekday BETWEEN 1 AND 7),
    urgent_immediately BOOLEAN  NOT NULL,
    -- Local hours [quiet_from, quiet_to) when no immediate e-mail leaves; may wrap midnight.
    quiet_from         SMALLINT CHECK (quiet_from BETWEEN 0 AND 23),
    quiet_to           SMALLINT CHECK (quiet_to BETWEEN 0 AND 23),
    updated_at         TIMESTAMPTZ NOT NULL,
    CHECK ((quiet_from IS NULL) = (quiet_to IS NULL))
);

-- Set when the notice went out by e-mail (alone or in a digest): never e-mailed twice.
ALTER TABLE notification ADD COLUMN emailed_at TIMESTAMPTZ;
CREATE INDEX notification_to_email ON notification (recipient_id, created_at) WHERE read_at IS NULL AND emailed_at IS NULL;

-- One row per person and digest slot (the instant of their morning hour): the first node to
-- insert it sends that digest, every other node finds it there and sends nothing.
CREATE TABLE notification_digest (
    user_id    UUID        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    slot       TIMESTAMPTZ NOT NULL,
    mail_id    UUID,
    item_count INT         NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, slot)
);

-- The key that signs unsubscribe links when MAILLAGE_UNSUBSCRIBE_SECRET is not set: made once
-- by the first node, shared by all.
CREATE TABLE notification_secret (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
