-- Peer sessions (issue #6): a series and its occurrences, RSVPs with a waiting list,
-- reminders claimed once across nodes, private calendar feed tokens.

CREATE TABLE session_series (
    id                   UUID PRIMARY KEY,
    theme_slug           TEXT NOT NULL REFERENCES theme (slug),
    title                TEXT NOT NULL,
    description          TEXT NOT NULL DEFAULT '',
    format               TEXT NOT NULL CHECK (format IN ('online', 'in_person', 'hybrid')),
    place                TEXT,
    territory_code       TEXT REFERENCES territory (code),
    capacity             INT CHECK (capacity IS NULL OR capacity >= 1),
    rsvp_deadline_minutes INT NOT NULL DEFAULT 0 CHECK (rsvp_deadline_minutes >= 0),
    duration_minutes     INT NOT NULL CHECK (duration_minutes BETWEEN 5 AND 1440),
    time_zone            TEXT NOT NULL,
    first_start_local    TIMESTAMP NOT NULL,
    recurrence           TEXT NOT NULL CHECK (recurrence IN ('once', 'monthly', 'bimonthly', 'quarterly', 'custom')),
    rrule                TEXT,
    dial_in              TEXT NOT NULL DEFAULT '',
    sequence             INT NOT NULL DEFAULT 0,
    created_by           UUID NOT NULL REFERENCES app_user (id),
    created_at           TIMESTAMPTZ NOT NULL
);

CREATE TABLE session_facilitator (
    series_id UUID NOT NULL REFERENCES session_series (id) ON DELETE CASCADE,
    user_id   UUID NOT NULL REFERENCES app_user (id),
    PRIMARY KEY (series_id, user_id)
);

CREATE TABLE session_occurrence (
    id               UUID PRIMARY KEY,
    series_id        UUID NOT NULL REFERENCES session_series (id) ON DELETE CASCADE,
    -- The instant the rule gave this occurrence: its RECURRENCE-ID, never changed by a move.
    original_start   TIMESTAMPTZ NOT NULL,
    starts_at        TIMESTAMPTZ NOT NULL,
    ends_at          TIMESTAMPTZ NOT NULL,
    status           TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
    sequence         INT NOT NULL DEFAULT 0,
    room_name        TEXT NOT NULL UNIQUE,
    attending        INT NOT NULL DEFAULT 0,
    catch_up_thread_id UUID,
    catch_up_published_at TIMESTAMPTZ,
    UNIQUE (series_id, original_start),
    CHECK (ends_at > starts_at)
);
CREATE INDEX session_occurrence_starts ON session_occurrence (starts_at);

CREATE TABLE session_rsvp (
    occurrence_id UUID NOT NULL REFERENCES session_occurrence (id) ON DELETE CASCADE,
    user_id       UUID NOT NULL REFERENCES app_user (id),
    answer        TEXT NOT NULL CHECK (answer IN ('yes', 'maybe', 'no')),
    -- For a yes: 'attending' within capacity, else 'waiting' in order of waiting_since, then seq.
    seat          TEXT CHECK (seat IN ('attending', 'waiting')),
    waiting_since TIMESTAMPTZ,
    seq           BIGSERIAL,
    updated_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (occurrence_id, user_id)
);

-- Who came: checked in themselves, or named by a facilitator in the catch-up pack.
CREATE TABLE session_presence (
    occurrence_id UUID NOT NULL REFERENCES session_occurrence (id) ON DELETE CASCADE,
    user_id       UUID NOT NULL REFERENCES app_user (id),
    checked_in_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (occurrence_id, user_id)
);

CREATE TABLE session_series_follow (
    series_id UUID NOT NULL REFERENCES session_series (id) ON DELETE CASCADE,
    user_id   UUID NOT NULL REFERENCES app_user (id),
    PRIMARY KEY (series_id, user_id)
);

-- One row per occurrence and offset; a node claims due rows with FOR UPDATE SKIP LOCKED and
-- marks them sent in the same transaction as the notices, so each goes out once.
CREATE TABLE session_reminder (
    occurrence_id  UUID NOT NULL REFERENCES session_occurrence (id) ON DELETE CASCADE,
    offset_minutes INT NOT NULL,
    due_at         TIMESTAMPTZ NOT NULL,
    sent_at        TIMESTAMPTZ,
    PRIMARY KEY (occurrence_id, offset_minutes)
);
CREATE INDEX session_reminder_due ON session_reminder (due_at) WHERE sent_at IS NULL;

CREATE TABLE session_feed_token (
    user_id    UUID PRIMARY KEY REFERENCES app_user (id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL
);
