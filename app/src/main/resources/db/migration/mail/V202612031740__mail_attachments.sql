-- Files sent with an e-mail (e.g. a session's .ics invitation), as a JSON array of
-- {filename, contentType, content}: small text files only, kept with the mail they belong to.
ALTER TABLE mail_outbox ADD COLUMN attachments JSONB NOT NULL DEFAULT '[]';
