-- An administrator may deactivate an account: it keeps its rows (posts stay attributed) but
-- cannot sign in, and its sessions are ended. NULL means active.
ALTER TABLE app_user ADD COLUMN deactivated_at TIMESTAMPTZ;

-- When the person was last seen (written with the session's sliding expiry, at most every
-- 10 minutes), for the administrators' people screen.
ALTER TABLE app_user ADD COLUMN last_seen_at TIMESTAMPTZ;
UPDATE app_user u SET last_seen_at = (SELECT max(s.last_seen_at) FROM user_session s WHERE s.user_id = u.id);
