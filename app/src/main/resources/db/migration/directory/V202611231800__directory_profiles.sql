-- What the directory adds to identity's profile basics (app_user keeps name, territory, zone,
-- language). One row per person who filled anything in; no row reads as the defaults.
CREATE TABLE directory_profile (
    user_id              UUID PRIMARY KEY REFERENCES app_user (id) ON DELETE CASCADE,
    organisation         TEXT,
    organisation_kind    TEXT CHECK (organisation_kind IN ('collectivite', 'association', 'company', 'academic',
                                                           'institution', 'foundation', 'other')),
    bio                  TEXT,
    pioneer_declared     BOOLEAN     NOT NULL DEFAULT FALSE,
    -- Set by a facilitator; cleared when the member withdraws their declaration.
    pioneer_confirmed_by UUID REFERENCES app_user (id) ON DELETE SET NULL,
    pioneer_confirmed_at TIMESTAMPTZ,
    availability         TEXT        NOT NULL DEFAULT 'open' CHECK (availability IN ('open', 'paused')),
    max_open_requests    INT         NOT NULL DEFAULT 2 CHECK (max_open_requests BETWEEN 0 AND 20),
    languages            TEXT[]      NOT NULL DEFAULT '{fr}',
    show_email           BOOLEAN     NOT NULL DEFAULT FALSE,
    -- Kept by the help feature through DirectoryService.creditSolved.
    solved_count         INT         NOT NULL DEFAULT 0,
    updated_at           TIMESTAMPTZ NOT NULL
);

-- The four métiers of catalysis are the competences of family 'metier'.
CREATE TABLE directory_metier (
    user_id         UUID NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    competence_slug TEXT NOT NULL REFERENCES competence (slug),
    PRIMARY KEY (user_id, competence_slug)
);

CREATE TABLE directory_competence (
    user_id         UUID NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    competence_slug TEXT NOT NULL REFERENCES competence (slug),
    mode            TEXT NOT NULL CHECK (mode IN ('can_help', 'wants_to_learn')),
    PRIMARY KEY (user_id, competence_slug)
);
CREATE INDEX directory_competence_slug_idx ON directory_competence (competence_slug, mode);

-- A re-encoded JPEG (never the uploaded bytes), small enough to keep in the row.
CREATE TABLE directory_photo (
    user_id    UUID PRIMARY KEY REFERENCES app_user (id) ON DELETE CASCADE,
    jpeg       BYTEA       NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
