-- Who to tell about a post, written in the post's transaction and fanned out after its commit
-- (DiscussionNotices). A row stays only while its run is under way, or after a crash for the sweep.
CREATE TABLE discussion_notice_job (
    id         UUID PRIMARY KEY,
    payload    JSONB       NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    attempts   INT         NOT NULL DEFAULT 0
);
CREATE INDEX discussion_notice_job_due ON discussion_notice_job (created_at) WHERE attempts < 10;
