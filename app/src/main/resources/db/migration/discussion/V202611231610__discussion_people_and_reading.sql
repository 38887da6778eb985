-- Mentions picked in the @ autocomplete, what each person has read, and follow levels.
CREATE TABLE discussion_mention (
    post_id UUID NOT NULL REFERENCES discussion_post (id),
    user_id UUID NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    PRIMARY KEY (post_id, user_id)
);
CREATE INDEX discussion_mention_user_idx ON discussion_mention (user_id);

-- read_count compares with discussion_thread.post_count: unread = post_count - read_count.
CREATE TABLE discussion_read (
    user_id    UUID        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    thread_id  UUID        NOT NULL REFERENCES discussion_thread (id),
    read_count INT         NOT NULL,
    read_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, thread_id)
);

-- No row means the default level.
CREATE TABLE discussion_follow (
    user_id     UUID NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    target_kind TEXT NOT NULL CHECK (target_kind IN ('thread', 'theme')),
    target      TEXT NOT NULL,
    level       TEXT NOT NULL CHECK (level IN ('following', 'muted')),
    PRIMARY KEY (user_id, target_kind, target)
);
