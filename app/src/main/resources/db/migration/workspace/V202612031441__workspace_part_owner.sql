-- An upload id belongs to the person who started it: the key includes them, so someone else
-- reusing the id can neither add to nor remove from another person's upload. Parts older than
-- maillage.workspace.upload-part-lifetime are swept by a cluster job (WorkspacePartSweep).
ALTER TABLE workspace_snapshot_part DROP CONSTRAINT workspace_snapshot_part_pkey;
ALTER TABLE workspace_snapshot_part ADD PRIMARY KEY (created_by, upload_id, part);
CREATE INDEX workspace_snapshot_part_upload_idx ON workspace_snapshot_part (upload_id);
CREATE INDEX workspace_snapshot_part_age_idx ON workspace_snapshot_part (created_at);
