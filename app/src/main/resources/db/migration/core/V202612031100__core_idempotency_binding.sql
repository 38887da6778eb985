-- An idempotency key is bound to the command it was first used for and to a fingerprint of
-- that command's payload (SHA-256 of a canonical JSON): the same key with another command or
-- other content is refused (409 idempotency-key-reused) instead of answering another
-- command. Rows written before this migration (or by a node of the previous version during a
-- rolling update) have an empty command: they replay as before until they expire.
ALTER TABLE idempotency_key ADD COLUMN command TEXT NOT NULL DEFAULT '';
ALTER TABLE idempotency_key ADD COLUMN fingerprint TEXT NOT NULL DEFAULT '';

-- Keys are purged after maillage.idempotency.retention.
CREATE INDEX idempotency_key_created_at ON idempotency_key (created_at);

-- Cluster-wide runs of scheduled jobs: a node runs a job only if it moves last_run_at
-- forward with a conditional UPDATE, so a job due once runs once across nodes.
CREATE TABLE scheduled_job_run (
    name        TEXT PRIMARY KEY,
    last_run_at TIMESTAMPTZ NOT NULL
);
