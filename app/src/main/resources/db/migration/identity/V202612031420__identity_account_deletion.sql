-- A deleted account (docs/privacy.md). Other features' rows keep pointing at the account's id
-- (posts, documents, sessions they created), so the row stays as an anonymised tombstone: no
-- name, e-mail, password, territory or zone of the person is left in it. deleted_at is set
-- once; the tombstone can never sign in (deactivated_at is set too) and is left out of every
-- list of people.
ALTER TABLE app_user ADD COLUMN deleted_at TIMESTAMPTZ;
