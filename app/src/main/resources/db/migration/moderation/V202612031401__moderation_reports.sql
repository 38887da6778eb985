-- Reports of posts, document comments and help messages (docs/moderation.md). Reports of one
-- item gather in one open case; moderators resolve the case once (dismissed, hidden, edited).
-- A person reports an item at most once per case. The 'moderation' stream carries the queue.
CREATE TABLE moderation_case (
    id          UUID PRIMARY KEY,
    item_kind   TEXT        NOT NULL CHECK (item_kind IN ('post', 'comment', 'help_message')),
    item_id     UUID        NOT NULL,
    status      TEXT        NOT NULL CHECK (status IN ('open', 'dismissed', 'hidden', 'edited')),
    opened_at   TIMESTAMPTZ NOT NULL,
    resolved_at TIMESTAMPTZ,
    resolved_by UUID REFERENCES app_user (id)
);
CREATE UNIQUE INDEX moderation_case_open_idx ON moderation_case (item_kind, item_id) WHERE status = 'open';
CREATE INDEX moderation_case_status_idx ON moderation_case (status, opened_at);

CREATE TABLE moderation_report (
    id          UUID PRIMARY KEY,
    case_id     UUID        NOT NULL REFERENCES moderation_case (id),
    reporter_id UUID        NOT NULL REFERENCES app_user (id),
    reason      TEXT        NOT NULL CHECK (reason IN ('spam', 'abusive', 'personal_data', 'off_topic', 'other')),
    text        TEXT,
    created_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (case_id, reporter_id)
);

-- Who hides whose posts from their own view.
CREATE TABLE moderation_mute (
    user_id    UUID        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    muted_id   UUID        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, muted_id),
    CHECK (user_id <> muted_id)
);

INSERT INTO stream (id) VALUES ('moderation') ON CONFLICT DO NOTHING;
