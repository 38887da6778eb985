-- Capitalisation: resources reachable by four doors (outil, temoignage, kit, methode) and the
-- seven lever themes. Members propose (draft -> in_review), facilitators and administrators
-- publish or send back with a comment, and feature some. Search reuses the discussions'
-- French configuration maillage_fr (unaccent + french_stem).
CREATE TABLE resource (
    id             UUID PRIMARY KEY,
    title          TEXT        NOT NULL,
    summary        TEXT        NOT NULL,
    body           TEXT,
    link           TEXT,
    door           TEXT        NOT NULL CHECK (door IN ('outil', 'temoignage', 'kit', 'methode')),
    format         TEXT        NOT NULL CHECK (format IN ('text', 'video', 'mooc', 'webinar', 'page')),
    maturity       TEXT        NOT NULL CHECK (maturity IN ('decouvrir', 'demarrer', 'approfondir')),
    minutes        INTEGER     NOT NULL CHECK (minutes BETWEEN 1 AND 600),
    licence        TEXT        NOT NULL,
    status         TEXT        NOT NULL CHECK (status IN ('draft', 'in_review', 'published')),
    featured       BOOLEAN     NOT NULL DEFAULT FALSE,
    proposer_id    UUID        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    review_comment TEXT,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    published_at   TIMESTAMPTZ,
    view_count     BIGINT      NOT NULL DEFAULT 0,
    search         tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('maillage_fr'::regconfig, title), 'A')
            || setweight(to_tsvector('maillage_fr'::regconfig, summary), 'B')
            || setweight(to_tsvector('maillage_fr'::regconfig, coalesce(body, '')), 'C')) STORED,
    CHECK ((format = 'text') = (body IS NOT NULL)),
    CHECK ((format = 'text') = (link IS NULL))
);
CREATE INDEX resource_search_idx ON resource USING GIN (search);
CREATE INDEX resource_status_idx ON resource (status, published_at DESC);
CREATE INDEX resource_proposer_idx ON resource (proposer_id);

CREATE TABLE resource_lever (
    resource_id UUID NOT NULL REFERENCES resource (id) ON DELETE CASCADE,
    theme_slug  TEXT NOT NULL REFERENCES theme (slug),
    PRIMARY KEY (resource_id, theme_slug)
);
CREATE INDEX resource_lever_theme_idx ON resource_lever (theme_slug);

CREATE TABLE resource_territory (
    resource_id    UUID NOT NULL REFERENCES resource (id) ON DELETE CASCADE,
    territory_code TEXT NOT NULL REFERENCES territory (code),
    PRIMARY KEY (resource_id, territory_code)
);

CREATE TABLE resource_competence (
    resource_id     UUID NOT NULL REFERENCES resource (id) ON DELETE CASCADE,
    competence_slug TEXT NOT NULL REFERENCES competence (slug),
    PRIMARY KEY (resource_id, competence_slug)
);

-- Authors as written (a resource may come from people who are not in Maillage).
CREATE TABLE resource_author (
    resource_id UUID    NOT NULL REFERENCES resource (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    name        TEXT    NOT NULL,
    PRIMARY KEY (resource_id, position)
);

-- "Utile": one mark per person and resource.
CREATE TABLE resource_useful (
    resource_id UUID        NOT NULL REFERENCES resource (id) ON DELETE CASCADE,
    user_id     UUID        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (resource_id, user_id)
);

-- "Start here" paths: per lever, 3 to 5 published resources in order, at most 60 minutes.
CREATE TABLE resource_path_step (
    lever_slug  TEXT    NOT NULL REFERENCES theme (slug),
    position    INTEGER NOT NULL,
    resource_id UUID    NOT NULL REFERENCES resource (id) ON DELETE CASCADE,
    PRIMARY KEY (lever_slug, position),
    UNIQUE (lever_slug, resource_id)
);

-- "Make it mine": a workspace document seeded from a resource, for a territory.
CREATE TABLE resource_adaptation (
    id             UUID PRIMARY KEY,
    resource_id    UUID        NOT NULL REFERENCES resource (id) ON DELETE CASCADE,
    document_id    UUID        NOT NULL UNIQUE,
    user_id        UUID        REFERENCES app_user (id) ON DELETE SET NULL,
    territory_code TEXT        REFERENCES territory (code),
    created_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX resource_adaptation_resource_idx ON resource_adaptation (resource_id);
