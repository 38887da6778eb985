-- Help requests from any member to pioneers, the offers made to the best-matched ones, and the
-- private conversation (also the events of the stream 'help:<id>').
CREATE TABLE help_request (
    id             UUID PRIMARY KEY,
    requester_id   UUID        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    title          TEXT        NOT NULL,
    need           TEXT        NOT NULL,
    theme_slug     TEXT        NOT NULL REFERENCES theme (slug),
    urgency        TEXT        NOT NULL CHECK (urgency IN ('low', 'normal', 'high')),
    preferred_form TEXT        NOT NULL CHECK (preferred_form IN ('written', 'call', 'visit')),
    -- open -> accepted -> solved; the accepting UPDATE ... WHERE status = 'open' picks one helper.
    status         TEXT        NOT NULL CHECK (status IN ('open', 'accepted', 'solved')),
    helper_id      UUID REFERENCES app_user (id) ON DELETE SET NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    accepted_at    TIMESTAMPTZ,
    solved_at      TIMESTAMPTZ,
    -- Set once by whichever node escalates first (UPDATE ... WHERE escalated_at IS NULL).
    escalated_at   TIMESTAMPTZ,
    thanks         TEXT,
    published_thread_id UUID
);
CREATE INDEX help_request_open_idx ON help_request (created_at) WHERE status = 'open';
CREATE INDEX help_request_requester_idx ON help_request (requester_id, created_at DESC);
CREATE INDEX help_request_helper_idx ON help_request (helper_id) WHERE helper_id IS NOT NULL;

CREATE TABLE help_request_competence (
    request_id      UUID NOT NULL REFERENCES help_request (id) ON DELETE CASCADE,
    competence_slug TEXT NOT NULL REFERENCES competence (slug),
    PRIMARY KEY (request_id, competence_slug)
);

-- A pioneer proposed for a request, with the score and reasons shown to the requester.
CREATE TABLE help_offer (
    request_id   UUID        NOT NULL REFERENCES help_request (id) ON DELETE CASCADE,
    pioneer_id   UUID        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    rank         INT         NOT NULL,
    score        INT         NOT NULL,
    reasons      JSONB       NOT NULL,
    wave         TEXT        NOT NULL CHECK (wave IN ('first', 'escalation')),
    state        TEXT        NOT NULL CHECK (state IN ('offered', 'accepted', 'passed', 'lost')),
    pass_reason  TEXT,
    offered_at   TIMESTAMPTZ NOT NULL,
    responded_at TIMESTAMPTZ,
    PRIMARY KEY (request_id, pioneer_id)
);
CREATE INDEX help_offer_pioneer_idx ON help_offer (pioneer_id, offered_at DESC);

CREATE TABLE help_message (
    id         UUID PRIMARY KEY,
    request_id UUID        NOT NULL REFERENCES help_request (id) ON DELETE CASCADE,
    author_id  UUID        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    body       TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX help_message_request_idx ON help_message (request_id, created_at, id);
