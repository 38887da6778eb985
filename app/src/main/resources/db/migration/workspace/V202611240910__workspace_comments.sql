-- Comments on a passage of a co-edited document (docs/workspaces.md, "Comments"). A comment
-- anchors to the passage by two Yjs relative positions (Y.encodeRelativePosition, opaque to
-- the server but checked for shape), so it follows the text as others edit around it; the
-- quoted text is kept as it was when the comment was written. A reply (one level) has a
-- parent and no anchor of its own. Events go to the workspace's stream 'workspace:<id>'.
CREATE TABLE workspace_comment (
    id           UUID PRIMARY KEY,
    document_id  UUID        NOT NULL REFERENCES workspace_document (id),
    parent_id    UUID REFERENCES workspace_comment (id),
    author_id    UUID        NOT NULL REFERENCES app_user (id),
    body         TEXT        NOT NULL,
    quote        TEXT,
    anchor_start BYTEA,
    anchor_end   BYTEA,
    created_at   TIMESTAMPTZ NOT NULL,
    resolved_by  UUID REFERENCES app_user (id),
    resolved_at  TIMESTAMPTZ,
    -- a thread's first comment has its passage; a reply has neither anchor nor quote
    CONSTRAINT workspace_comment_anchor CHECK (
        (parent_id IS NULL AND quote IS NOT NULL AND anchor_start IS NOT NULL AND anchor_end IS NOT NULL)
        OR (parent_id IS NOT NULL AND quote IS NULL AND anchor_start IS NULL AND anchor_end IS NULL)),
    CONSTRAINT workspace_comment_resolution CHECK ((resolved_by IS NULL) = (resolved_at IS NULL))
);
CREATE INDEX workspace_comment_document_idx ON workspace_comment (document_id, created_at, id);
CREATE INDEX workspace_comment_parent_idx ON workspace_comment (parent_id) WHERE parent_id IS NOT NULL;
