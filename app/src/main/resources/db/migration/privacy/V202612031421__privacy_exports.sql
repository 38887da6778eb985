-- Exports of a person's data (docs/privacy.md). A request is a 'pending' row; a node's job
-- claims it (FOR UPDATE SKIP LOCKED), writes the ZIP under maillage.data-dir/exports/<id>.zip
-- (a directory the nodes share, like workspace files) and marks it 'ready' until expires_at.
-- Downloading it once marks it 'downloaded' and deletes the file; an expired one is
-- 'expired' and its file deleted. Rows stay (without any file) to count the requests of a day.
CREATE TABLE privacy_export (
    id            UUID PRIMARY KEY,
    user_id       UUID        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    status        TEXT        NOT NULL CHECK (status IN ('pending', 'ready', 'downloaded', 'expired', 'failed')),
    requested_at  TIMESTAMPTZ NOT NULL,
    ready_at      TIMESTAMPTZ,
    expires_at    TIMESTAMPTZ,
    downloaded_at TIMESTAMPTZ,
    size_bytes    BIGINT,
    failure       TEXT
);
CREATE INDEX privacy_export_user_idx ON privacy_export (user_id, requested_at DESC);
CREATE INDEX privacy_export_pending_idx ON privacy_export (requested_at) WHERE status = 'pending';
CREATE INDEX privacy_export_ready_idx ON privacy_export (expires_at) WHERE status = 'ready';
-- One export under way (pending or ready) per person at a time.
CREATE UNIQUE INDEX privacy_export_one_open ON privacy_export (user_id) WHERE status IN ('pending', 'ready');
