package fr.maillage.survey;

import fr.maillage.survey.SurveyRows.AnswerRow;
import fr.maillage.survey.SurveyRows.QuestionRow;
import fr.maillage.survey.SurveyRows.SurveyRow;
import fr.maillage.survey.SurveyRows.TagRow;
import fr.maillage.survey.SurveyRows.WordingFixRow;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import io.micronaut.data.repository.GenericRepository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

final class SurveyRepositories {
    private SurveyRepositories() {
    }

    @JdbcRepository(dialect = Dialect.POSTGRES)
    interface SurveyRepository extends CrudRepository<SurveyRow, UUID> {
        @Query("SELECT * FROM survey ORDER BY created_at DESC, id")
        List<SurveyRow> listNewestFirst();

        @Query("SELECT * FROM survey WHERE status <> 'draft' ORDER BY closes_at DESC, id")
        List<SurveyRow> listPublished();

        /** Locks the survey row: answers and question edits of one survey take turns. */
        @Query("SELECT * FROM survey WHERE id = :id FOR UPDATE")
        Optional<SurveyRow> lock(UUID id);

        /** A submission holds the survey row shared: a question edit waits for it, other submissions do not. */
        @Query("SELECT * FROM survey WHERE id = :id FOR SHARE")
        Optional<SurveyRow> lockShared(UUID id);

        /** Published surveys open now and closing before {@code until}: those a reminder may be due for. */
        @Query("SELECT * FROM survey WHERE status = 'published' AND opens_at <= :now AND closes_at > :now AND closes_at <= :until ORDER BY closes_at, id")
        List<SurveyRow> closingBefore(Instant now, Instant until);
    }

    @JdbcRepository(dialect = Dialect.POSTGRES)
    interface QuestionRepository extends CrudRepository<QuestionRow, UUID> {
        @Query("SELECT * FROM survey_question WHERE survey_id = :surveyId ORDER BY position")
        List<QuestionRow> ofSurvey(UUID surveyId);

        @Query("DELETE FROM survey_question WHERE survey_id = :surveyId")
        void deleteOfSurvey(UUID surveyId);
    }

    @JdbcRepository(dialect = Dialect.POSTGRES)
    interface AnswerRepository extends GenericRepository<AnswerRow, UUID> {
        AnswerRow save(AnswerRow row);

        AnswerRow update(AnswerRow row);

        @Query("SELECT * FROM survey_answer WHERE survey_id = :surveyId ORDER BY id")
        List<AnswerRow> ofSurvey(UUID surveyId);

        @Query("SELECT * FROM survey_answer WHERE survey_id = :surveyId AND respondent_id = :personId")
        Optional<AnswerRow> named(UUID surveyId, UUID personId);

        @Query("SELECT * FROM survey_answer WHERE id = :id AND survey_id = :surveyId")
        Optional<AnswerRow> inSurvey(UUID id, UUID surveyId);

        @Query("SELECT count(*) FROM survey_answer WHERE survey_id = :surveyId")
        long countOfSurvey(UUID surveyId);

        @Query("SELECT * FROM survey_answer WHERE respondent_id = :personId")
        List<AnswerRow> namedOf(UUID personId);

        @Query("UPDATE survey_answer SET respondent_id = NULL, submitted_at = NULL WHERE respondent_id = :personId")
        void unlink(UUID personId);
    }

    @JdbcRepository(dialect = Dialect.POSTGRES)
    interface DraftRepository extends GenericRepository<SurveyRow, UUID> {
        @Query(value = "INSERT INTO survey_draft (survey_id, person_id, answers, updated_at) VALUES (:surveyId, :personId, :answers, :now) "
                + "ON CONFLICT (survey_id, person_id) DO UPDATE SET answers = EXCLUDED.answers, updated_at = EXCLUDED.updated_at",
                nativeQuery = true)
        void save(UUID surveyId, UUID personId, String answers, Instant now);

        @Query(value = "SELECT answers FROM survey_draft WHERE survey_id = :surveyId AND person_id = :personId", nativeQuery = true)
        Optional<String> find(UUID surveyId, UUID personId);

        @Query(value = "DELETE FROM survey_draft WHERE survey_id = :surveyId AND person_id = :personId", nativeQuery = true)
        void delete(UUID surveyId, UUID personId);

        @Query(value = "DELETE FROM survey_draft WHERE person_id = :personId", nativeQuery = true)
        void deleteOf(UUID personId);
    }

    @JdbcRepository(dialect = Dialect.POSTGRES)
    interface RespondentRepository extends GenericRepository<SurveyRow, UUID> {
        /** 1 when the mark is new, 0 when this person had already answered (waits for a concurrent insert to end). */
        @Query(value = "INSERT INTO survey_respondent (survey_id, person_id) VALUES (:surveyId, :personId) ON CONFLICT DO NOTHING",
                nativeQuery = true)
        int mark(UUID surveyId, UUID personId);

        @Query(value = "SELECT EXISTS (SELECT 1 FROM survey_respondent WHERE survey_id = :surveyId AND person_id = :personId)",
                nativeQuery = true)
        boolean answered(UUID surveyId, UUID personId);

        @Query(value = "SELECT count(*) FROM survey_respondent WHERE survey_id = :surveyId", nativeQuery = true)
        long count(UUID surveyId);

        @Query(value = "SELECT survey_id FROM survey_respondent WHERE person_id = :personId ORDER BY survey_id", nativeQuery = true)
        List<UUID> surveysOf(UUID personId);
    }

    @JdbcRepository(dialect = Dialect.POSTGRES)
    interface WordingFixRepository extends GenericRepository<WordingFixRow, UUID> {
        WordingFixRow save(WordingFixRow row);

        @Query("SELECT f.* FROM survey_wording_fix f JOIN survey_question q ON q.id = f.question_id WHERE q.survey_id = :surveyId ORDER BY f.fixed_at, f.id")
        List<WordingFixRow> ofSurvey(UUID surveyId);
    }

    @JdbcRepository(dialect = Dialect.POSTGRES)
    interface ReminderRepository extends GenericRepository<SurveyRow, UUID> {
        /** 1 when this person's reminder for the survey is new, 0 when it was already sent. */
        @Query(value = "INSERT INTO survey_reminder (survey_id, person_id, sent_at) VALUES (:surveyId, :personId, :now) ON CONFLICT DO NOTHING",
                nativeQuery = true)
        int mark(UUID surveyId, UUID personId, Instant now);
    }

    @JdbcRepository(dialect = Dialect.POSTGRES)
    interface TagRepository extends GenericRepository<TagRow, UUID> {
        @Query("SELECT t.* FROM survey_answer_tag t JOIN survey_answer a ON a.id = t.answer_id WHERE a.survey_id = :surveyId ORDER BY t.label, t.answer_id")
        List<TagRow> ofSurvey(UUID surveyId);

        @Query(value = "DELETE FROM survey_answer_tag WHERE answer_id = :answerId AND question_id = :questionId", nativeQuery = true)
        void clear(UUID answerId, UUID questionId);

        @Query(value = "INSERT INTO survey_answer_tag (answer_id, question_id, label, tagged_by, tagged_at) "
                + "VALUES (:answerId, :questionId, :label, :by, :now) ON CONFLICT DO NOTHING", nativeQuery = true)
        void add(UUID answerId, UUID questionId, String label, UUID by, Instant now);
    }
}
