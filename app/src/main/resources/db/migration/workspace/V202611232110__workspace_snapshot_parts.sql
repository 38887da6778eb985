-- A snapshot larger than one HTTP body (maillage.http.max-body-bytes) arrives in parts; they
-- wait here until the last one, then are joined, checked and stored as one snapshot.
CREATE TABLE workspace_snapshot_part (
    upload_id   TEXT        NOT NULL,
    part        INT         NOT NULL,
    document_id UUID        NOT NULL REFERENCES workspace_document (id),
    created_by  UUID        NOT NULL REFERENCES app_user (id),
    payload     BYTEA       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (upload_id, part)
);
