-- The event pipeline's storage (STYLE.md, "The one event pipeline"). A stream's last_seq is
-- taken with UPDATE ... RETURNING inside the writing transaction: the row lock serialises
-- writers of one stream, so sequences are gap-free and commit in order.
CREATE TABLE stream (
    id       TEXT PRIMARY KEY,
    last_seq BIGINT NOT NULL DEFAULT 0
);

-- Every event of every stream, kept for replay to reconnecting clients.
CREATE TABLE stream_event (
    stream_id  TEXT        NOT NULL REFERENCES stream (id),
    seq        BIGINT      NOT NULL,
    type       TEXT        NOT NULL,
    payload    JSONB       NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (stream_id, seq)
);

-- A command's idempotency key and the answer it got: a retry returns that answer.
CREATE TABLE idempotency_key (
    user_id    UUID        NOT NULL,
    key        TEXT        NOT NULL,
    result     JSONB,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, key)
);
