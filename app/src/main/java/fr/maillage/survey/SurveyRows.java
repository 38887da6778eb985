package fr.maillage.survey;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/** The survey tables' rows; lists are JSON text (see the migration). Never sent to a client. */
final class SurveyRows {
    private SurveyRows() {
    }

    @MappedEntity("survey")
    record SurveyRow(@Id UUID id, String title, String introduction, String audienceKind, String audienceValues,
                     String invitedGuests, Instant opensAt, Instant closesAt, boolean anonymous, boolean liveResults,
                     String status, UUID createdBy, Instant createdAt, Instant updatedAt, @Nullable Instant publishedAt) {
    }

    @MappedEntity("survey_question")
    record QuestionRow(@Id UUID id, UUID surveyId, int position, String kind, String prompt, String helpText,
                       boolean required, String options, @Nullable String optionSource, @Nullable Integer maxKept) {
    }

    @MappedEntity("survey_answer")
    record AnswerRow(@Id UUID id, UUID surveyId, @Nullable UUID respondentId, @Nullable String territoryCode,
                     @Nullable String organisationKind, String answers, @Nullable Instant submittedAt) {
    }

    @MappedEntity("survey_wording_fix")
    record WordingFixRow(@Id UUID id, UUID questionId, String field, String before, String after, UUID fixedBy, Instant fixedAt) {
    }

    /** A tag on one answer's text to one question; the key is (answer, question, label), {@code @Id} only names a column. */
    @MappedEntity("survey_answer_tag")
    record TagRow(@Id UUID answerId, UUID questionId, String label, UUID taggedBy, Instant taggedAt) {
    }
}
