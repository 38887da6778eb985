-- Priorities of a survey turned into agenda items of peer-session occurrences (issue 17,
-- "Priorities feed the agenda"). The occurrence is peersession's; this table only points at it.
CREATE TABLE survey_agenda_item (
    id            UUID PRIMARY KEY,
    survey_id     UUID        NOT NULL REFERENCES survey (id) ON DELETE CASCADE,
    question_id   UUID        NOT NULL REFERENCES survey_question (id) ON DELETE CASCADE,
    option_value  TEXT        NOT NULL,
    rank          INT         NOT NULL,
    points        BIGINT      NOT NULL,
    occurrence_id UUID        NOT NULL REFERENCES session_occurrence (id) ON DELETE CASCADE,
    created_by    UUID        NOT NULL REFERENCES app_user (id),
    created_at    TIMESTAMPTZ NOT NULL,
    UNIQUE (survey_id, question_id, option_value, occurrence_id)
);
CREATE INDEX survey_agenda_item_occurrence_idx ON survey_agenda_item (occurrence_id);
