-- Moderation of document comments (docs/moderation.md): a hidden comment keeps its place with
-- an empty body; its text stays readable by moderators only. An edited one carries a mark.
ALTER TABLE workspace_comment
    ADD COLUMN hidden_at    TIMESTAMPTZ,
    ADD COLUMN hidden_by    UUID REFERENCES app_user (id),
    ADD COLUMN moderated_at TIMESTAMPTZ;
