-- Co-production workspaces: members, documents written together with Yjs. Each workspace is a
-- stream ('workspace:<id>': documents and members) and each document another
-- ('workspace-doc:<id>': its Yjs updates). docs/workspaces.md explains the design.
CREATE TABLE workspace (
    id         UUID PRIMARY KEY,
    name       TEXT        NOT NULL,
    purpose    TEXT        NOT NULL,
    theme_slug TEXT REFERENCES theme (slug),
    created_by UUID        NOT NULL REFERENCES app_user (id),
    created_at TIMESTAMPTZ NOT NULL
);

-- Membership is access: only the people listed here (members and invited guests) read and write.
CREATE TABLE workspace_member (
    workspace_id UUID        NOT NULL REFERENCES workspace (id),
    user_id      UUID        NOT NULL REFERENCES app_user (id),
    invited_by   UUID REFERENCES app_user (id),
    joined_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (workspace_id, user_id)
);
CREATE INDEX workspace_member_user_idx ON workspace_member (user_id);

CREATE TABLE workspace_document (
    id           UUID PRIMARY KEY,
    workspace_id UUID        NOT NULL REFERENCES workspace (id),
    title        TEXT        NOT NULL,
    created_by   UUID        NOT NULL REFERENCES app_user (id),
    created_at   TIMESTAMPTZ NOT NULL,
    -- bytes a loader receives: the latest snapshot plus the updates after it (the size limit)
    loaded_bytes BIGINT      NOT NULL DEFAULT 0,
    update_count BIGINT      NOT NULL DEFAULT 0
);
CREATE INDEX workspace_document_workspace_idx ON workspace_document (workspace_id, created_at);

-- Append-only: every accepted Yjs update (v1 encoding) with the sequence of its event on the
-- document's stream. Never updated or deleted: it is the document's full history.
CREATE TABLE workspace_update (
    document_id UUID        NOT NULL REFERENCES workspace_document (id),
    seq         BIGINT      NOT NULL,
    payload     BYTEA       NOT NULL,
    author_id   UUID        NOT NULL REFERENCES app_user (id),
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (document_id, seq)
);

-- Compacted states sent by a writer's client: Y.encodeStateAsUpdate of a document that holds
-- every update up to upto_seq. Loading = the latest snapshot + the updates after it.
CREATE TABLE workspace_snapshot (
    document_id UUID        NOT NULL REFERENCES workspace_document (id),
    upto_seq    BIGINT      NOT NULL,
    payload     BYTEA       NOT NULL,
    created_by  UUID        NOT NULL REFERENCES app_user (id),
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (document_id, upto_seq)
);
