-- Needs surveys (issue 17): surveys, their ordered questions, drafts, submitted answers and,
-- apart from the answers, who has answered. Lists (audience values, options, answers) are JSON
-- text read by the survey feature only.
CREATE TABLE survey (
    id              UUID PRIMARY KEY,
    title           TEXT        NOT NULL,
    introduction    TEXT        NOT NULL DEFAULT '',
    audience_kind   TEXT        NOT NULL CHECK (audience_kind IN ('network', 'themes', 'territories', 'roles')),
    audience_values TEXT        NOT NULL DEFAULT '[]',
    invited_guests  TEXT        NOT NULL DEFAULT '[]',
    opens_at        TIMESTAMPTZ NOT NULL,
    closes_at       TIMESTAMPTZ NOT NULL,
    anonymous       BOOLEAN     NOT NULL,
    live_results    BOOLEAN     NOT NULL,
    status          TEXT        NOT NULL CHECK (status IN ('draft', 'published', 'closed')),
    created_by      UUID        NOT NULL REFERENCES app_user (id),
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    published_at    TIMESTAMPTZ,
    CHECK (closes_at > opens_at)
);

CREATE TABLE survey_question (
    id            UUID PRIMARY KEY,
    survey_id     UUID    NOT NULL REFERENCES survey (id) ON DELETE CASCADE,
    position      INT     NOT NULL,
    kind          TEXT    NOT NULL CHECK (kind IN ('rank', 'single', 'multiple', 'scale', 'short_text', 'long_text')),
    prompt        TEXT    NOT NULL,
    help_text     TEXT    NOT NULL DEFAULT '',
    required      BOOLEAN NOT NULL,
    -- [{"value": "...", "label": "..."}]; empty when option_source names reference data
    options       TEXT    NOT NULL DEFAULT '[]',
    option_source TEXT CHECK (option_source IN ('themes', 'levers', 'competences')),
    max_kept      INT CHECK (max_kept > 0),
    UNIQUE (survey_id, position) DEFERRABLE INITIALLY DEFERRED
);

-- One draft per person and survey, deleted when the answer is submitted.
CREATE TABLE survey_draft (
    survey_id  UUID        NOT NULL REFERENCES survey (id) ON DELETE CASCADE,
    person_id  UUID        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    answers    TEXT        NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (survey_id, person_id)
);

-- Submitted answers. respondent_id is NULL for anonymous surveys, and so is submitted_at:
-- nothing on the row links it to the "has answered" mark below. Territory and organisation kind
-- are copied at submission for the breakdowns (groups under 5 answers are never shown).
CREATE TABLE survey_answer (
    id                UUID PRIMARY KEY,
    survey_id         UUID NOT NULL REFERENCES survey (id) ON DELETE CASCADE,
    respondent_id     UUID REFERENCES app_user (id),
    territory_code    TEXT,
    organisation_kind TEXT,
    answers           TEXT NOT NULL,
    submitted_at      TIMESTAMPTZ
);
CREATE UNIQUE INDEX survey_answer_named_key ON survey_answer (survey_id, respondent_id) WHERE respondent_id IS NOT NULL;
CREATE INDEX survey_answer_survey_idx ON survey_answer (survey_id);

-- Who has answered (one per person and survey): the only person-linked trace of an anonymous answer.
CREATE TABLE survey_respondent (
    survey_id UUID NOT NULL REFERENCES survey (id) ON DELETE CASCADE,
    person_id UUID NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    PRIMARY KEY (survey_id, person_id)
);

-- Wording fixes made after answers existed (the meaning of a question cannot change then).
CREATE TABLE survey_wording_fix (
    id          UUID PRIMARY KEY,
    question_id UUID        NOT NULL REFERENCES survey_question (id) ON DELETE CASCADE,
    field       TEXT        NOT NULL,
    before      TEXT        NOT NULL,
    after       TEXT        NOT NULL,
    fixed_by    UUID        NOT NULL REFERENCES app_user (id),
    fixed_at    TIMESTAMPTZ NOT NULL
);
