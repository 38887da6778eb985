-- Issue 16: the themes a guest may read, chosen when inviting; granted when the invitation is
-- accepted (theme_guest belongs to the discussion feature, which grants them).
CREATE TABLE invitation_theme (
    id            UUID PRIMARY KEY,
    invitation_id UUID NOT NULL REFERENCES invitation (id) ON DELETE CASCADE,
    theme_slug    TEXT NOT NULL,
    UNIQUE (invitation_id, theme_slug)
);
