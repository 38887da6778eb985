-- Mailing-list mode: a theme followed as 'mailing_list' is followed for everything, and each
-- new post's notice is e-mailed at once (urgent), answerable by e-mail. Themes only.
ALTER TABLE discussion_follow DROP CONSTRAINT discussion_follow_level_check;
ALTER TABLE discussion_follow ADD CONSTRAINT discussion_follow_level_check
    CHECK (level IN ('following', 'muted', 'mailing_list') AND (level <> 'mailing_list' OR target_kind = 'theme'));
