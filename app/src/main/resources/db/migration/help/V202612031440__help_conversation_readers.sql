-- Facilitators and administrators a participant invited into a help request's private
-- conversation. Without a row here they read it only once the request has escalated.
CREATE TABLE help_conversation_reader (
    request_id UUID        NOT NULL REFERENCES help_request (id) ON DELETE CASCADE,
    reader_id  UUID        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    invited_by UUID        REFERENCES app_user (id) ON DELETE SET NULL,
    invited_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (request_id, reader_id)
);
CREATE INDEX help_conversation_reader_reader_idx ON help_conversation_reader (reader_id);
