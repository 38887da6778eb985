-- An administrator may deactivate an account: it keeps its rows (posts stay attributed) but
-- cannot sign in, and its sessions are ended. NULL means active.
ALTER TABLE app_user ADD COLUMN deactivated_at TIMESTAMPTZ;
