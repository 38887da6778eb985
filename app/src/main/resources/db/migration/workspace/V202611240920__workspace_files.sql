-- Files and links of a workspace (docs/workspaces.md, "Files and links"). A file's bytes live
-- in the FileStore (on disk under maillage.data-dir/files), addressed by their SHA-256; the row
-- says which workspace holds them under which name. Removing a file or a link only sets
-- removed_at: the row (and who did what) stays.
CREATE TABLE workspace_file (
    id           UUID PRIMARY KEY,
    workspace_id UUID        NOT NULL REFERENCES workspace (id),
    name         TEXT        NOT NULL,
    media_type   TEXT        NOT NULL,
    size         BIGINT      NOT NULL CHECK (size >= 0),
    sha256       TEXT        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    uploaded_by  UUID        NOT NULL REFERENCES app_user (id),
    created_at   TIMESTAMPTZ NOT NULL,
    removed_at   TIMESTAMPTZ,
    removed_by   UUID REFERENCES app_user (id)
);
CREATE INDEX workspace_file_workspace_idx ON workspace_file (workspace_id, created_at) WHERE removed_at IS NULL;
-- a stored blob is deleted only when no row (removed or not) names it
CREATE INDEX workspace_file_sha256_idx ON workspace_file (sha256);

CREATE TABLE workspace_link (
    id           UUID PRIMARY KEY,
    workspace_id UUID        NOT NULL REFERENCES workspace (id),
    url          TEXT        NOT NULL,
    title        TEXT        NOT NULL,
    added_by     UUID        NOT NULL REFERENCES app_user (id),
    created_at   TIMESTAMPTZ NOT NULL,
    removed_at   TIMESTAMPTZ,
    removed_by   UUID REFERENCES app_user (id)
);
CREATE INDEX workspace_link_workspace_idx ON workspace_link (workspace_id, created_at) WHERE removed_at IS NULL;
