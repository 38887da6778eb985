-- Named versions of a document: a name on a point of its history. The document's updates are
-- never deleted, so a version is only the sequence it names (upto_seq): its content is the
-- latest snapshot at or before upto_seq plus the updates after it up to upto_seq.
-- Restoring a version is a new change written by the restorer's client (docs/workspaces.md).
CREATE TABLE workspace_version (
    id          UUID PRIMARY KEY,
    document_id UUID        NOT NULL REFERENCES workspace_document (id),
    name        TEXT        NOT NULL,
    upto_seq    BIGINT      NOT NULL,
    created_by  UUID        NOT NULL REFERENCES app_user (id),
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX workspace_version_document_idx ON workspace_version (document_id, upto_seq DESC, created_at DESC);
