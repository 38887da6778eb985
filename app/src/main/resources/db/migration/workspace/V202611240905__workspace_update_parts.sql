-- An update larger than one socket frame (a long paste, a long offline session) is sent over
-- HTTP in parts, kept here like a snapshot's until the last one arrives. kind tells them apart.
ALTER TABLE workspace_snapshot_part ADD COLUMN kind TEXT NOT NULL DEFAULT 'snapshot'
    CHECK (kind IN ('snapshot', 'update'));
COMMENT ON TABLE workspace_snapshot_part IS 'parts of a snapshot or of a large update, until the last one arrives';
