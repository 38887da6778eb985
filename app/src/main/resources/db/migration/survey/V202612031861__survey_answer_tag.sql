-- Facilitators' tags on free-text answers, to group them (issue 17, "free text listed, with the
-- option to tag answers into groups"). A tag points at the answer row and the question only:
-- for an anonymous survey that row has no person id, so a tag never leads to a person.
CREATE TABLE survey_answer_tag (
    answer_id   UUID        NOT NULL REFERENCES survey_answer (id) ON DELETE CASCADE,
    question_id UUID        NOT NULL REFERENCES survey_question (id) ON DELETE CASCADE,
    label       TEXT        NOT NULL CHECK (length(label) BETWEEN 1 AND 40),
    tagged_by   UUID        NOT NULL REFERENCES app_user (id),
    tagged_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (answer_id, question_id, label)
);
CREATE INDEX survey_answer_tag_question_idx ON survey_answer_tag (question_id);
