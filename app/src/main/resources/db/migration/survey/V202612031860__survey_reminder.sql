-- Reminders sent to the people of a survey's audience who had not answered, two days before
-- closing at 09:00 in their own zone (issue 17). One row per survey and person: never twice.
CREATE TABLE survey_reminder (
    survey_id UUID        NOT NULL REFERENCES survey (id) ON DELETE CASCADE,
    person_id UUID        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    sent_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (survey_id, person_id)
);
