-- Messages in the order of their stream's events: two messages may share a timestamp (and
-- always do under a test clock), their stream sequence never does.
ALTER TABLE help_message ADD COLUMN stream_seq BIGINT;
CREATE INDEX help_message_order_idx ON help_message (request_id, stream_seq);
