-- Accounts, sessions, invitations and password resets. Tokens are stored only as SHA-256
-- hashes: a leaked database does not give working links or sessions.
CREATE TABLE app_user (
    id             UUID PRIMARY KEY,
    email          TEXT NOT NULL,
    display_name   TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('administrator', 'facilitator', 'member', 'guest')),
    password_hash  TEXT NOT NULL,
    territory_code TEXT REFERENCES territory (code),
    time_zone      TEXT NOT NULL,
    language       TEXT NOT NULL CHECK (language IN ('fr', 'en')),
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX app_user_email_key ON app_user (lower(email));

CREATE TABLE user_session (
    id           UUID PRIMARY KEY,
    token_hash   TEXT NOT NULL UNIQUE,
    user_id      UUID NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    csrf_token   TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX user_session_user_idx ON user_session (user_id);

CREATE TABLE invitation (
    id               UUID PRIMARY KEY,
    token_hash       TEXT NOT NULL UNIQUE,
    -- NULL only for the first administrator's invitation: that person types their address.
    email            TEXT,
    role             TEXT NOT NULL CHECK (role IN ('administrator', 'facilitator', 'member', 'guest')),
    message          TEXT,
    invited_by       UUID REFERENCES app_user (id) ON DELETE SET NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    expires_at       TIMESTAMPTZ NOT NULL,
    accepted_at      TIMESTAMPTZ,
    accepted_user_id UUID REFERENCES app_user (id) ON DELETE SET NULL,
    revoked_at       TIMESTAMPTZ
);
CREATE INDEX invitation_email_idx ON invitation (lower(email));

CREATE TABLE password_reset (
    id         UUID PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id    UUID NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);
