-- Themed discussions: threads and posts, with edit history and reactions. Each theme is a
-- stream ('theme:<slug>') of the event pipeline.
CREATE TABLE discussion_thread (
    id           UUID PRIMARY KEY,
    theme_slug   TEXT        NOT NULL REFERENCES theme (slug),
    kind         TEXT        NOT NULL CHECK (kind IN ('discussion', 'question')),
    title        TEXT        NOT NULL,
    author_id    UUID        NOT NULL REFERENCES app_user (id),
    created_at   TIMESTAMPTZ NOT NULL,
    last_post_at TIMESTAMPTZ NOT NULL,
    post_count   INT         NOT NULL DEFAULT 1,
    solved_post_id UUID,
    pinned       BOOLEAN     NOT NULL DEFAULT FALSE,
    locked       BOOLEAN     NOT NULL DEFAULT FALSE
);
CREATE INDEX discussion_thread_theme_idx ON discussion_thread (theme_slug, last_post_at DESC);

CREATE TABLE discussion_post (
    id         UUID PRIMARY KEY,
    thread_id  UUID        NOT NULL REFERENCES discussion_thread (id),
    author_id  UUID        NOT NULL REFERENCES app_user (id),
    body       TEXT        NOT NULL,
    html       TEXT        NOT NULL,
    reply_to   UUID REFERENCES discussion_post (id),
    created_at TIMESTAMPTZ NOT NULL,
    edited_at  TIMESTAMPTZ,
    deleted_at TIMESTAMPTZ
);
CREATE INDEX discussion_post_thread_idx ON discussion_post (thread_id, created_at, id);

CREATE TABLE discussion_post_revision (
    post_id   UUID        NOT NULL REFERENCES discussion_post (id),
    revision  INT         NOT NULL,
    body      TEXT        NOT NULL,
    replaced_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (post_id, revision)
);

CREATE TABLE discussion_reaction (
    post_id    UUID        NOT NULL REFERENCES discussion_post (id),
    user_id    UUID        NOT NULL REFERENCES app_user (id),
    emoji      TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (post_id, user_id, emoji)
);

-- Guests read only the themes they were invited to.
CREATE TABLE theme_guest (
    theme_slug TEXT NOT NULL REFERENCES theme (slug),
    user_id    UUID NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    PRIMARY KEY (theme_slug, user_id)
);

INSERT INTO stream (id) SELECT 'theme:' || slug FROM theme ON CONFLICT DO NOTHING;
