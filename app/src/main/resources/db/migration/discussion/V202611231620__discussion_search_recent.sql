-- Search ranks the newest matching posts: for a common word PostgreSQL walks this index
-- newest first and stops after enough matches, instead of ranking every match. Deleted posts
-- are never searched, and leaving them out lets the window bounds be read from the index alone.
CREATE INDEX discussion_post_recent_idx ON discussion_post (created_at DESC) WHERE deleted_at IS NULL;
