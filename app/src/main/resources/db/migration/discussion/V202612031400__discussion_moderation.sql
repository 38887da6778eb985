-- Moderation of posts (docs/moderation.md): a hidden post keeps its place as a tombstone and
-- its text stays readable by moderators only; a post edited by moderation carries a mark.
ALTER TABLE discussion_post
    ADD COLUMN hidden_at    TIMESTAMPTZ,
    ADD COLUMN hidden_by    UUID REFERENCES app_user (id),
    ADD COLUMN moderated_at TIMESTAMPTZ;
