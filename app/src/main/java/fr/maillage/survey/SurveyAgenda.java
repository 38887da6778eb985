package fr.maillage.survey;

import fr.maillage.core.error.ProblemException;
import fr.maillage.core.security.Caller;
import fr.maillage.peersession.PeerSessionService;
import fr.maillage.peersession.SessionViews.OccurrenceView;
import fr.maillage.survey.SurveyViews.AgendaItemView;
import fr.maillage.survey.SurveyViews.AgendaLinkCommand;
import fr.maillage.survey.SurveyViews.QuestionView;
import fr.maillage.survey.SurveyViews.RankRow;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Priorities turned into agenda items: a facilitator links an option of a ranking question, with
 * its Borda rank at that moment, to a peer-session occurrence. The occurrence is read through
 * {@link PeerSessionService} only (a reader who may not see the session does not see the item).
 */
@Singleton
public class SurveyAgenda {
    private static final Logger LOG = LoggerFactory.getLogger(SurveyAgenda.class);

    @MappedEntity("survey_agenda_item")
    record AgendaItemRow(@Id UUID id, UUID surveyId, UUID questionId, String optionValue, int rank, long points,
                         UUID occurrenceId, UUID createdBy, Instant createdAt) {
    }

    @JdbcRepository(dialect = Dialect.POSTGRES)
    interface AgendaRepository extends GenericRepository<AgendaItemRow, UUID> {
        AgendaItemRow save(AgendaItemRow row);

        @Query("SELECT * FROM survey_agenda_item WHERE survey_id = :surveyId ORDER BY rank, created_at, id")
        List<AgendaItemRow> ofSurvey(UUID surveyId);

        @Query("SELECT * FROM survey_agenda_item WHERE occurrence_id = :occurrenceId ORDER BY rank, created_at, id")
        List<AgendaItemRow> ofOccurrence(UUID occurrenceId);

        @Query("SELECT * FROM survey_agenda_item WHERE survey_id = :surveyId AND question_id = :questionId "
                + "AND option_value = :optionValue AND occurrence_id = :occurrenceId")
        Optional<AgendaItemRow> find(UUID surveyId, UUID questionId, String optionValue, UUID occurrenceId);
    }

    private final SurveyService surveys;
    private final AgendaRepository items;
    private final PeerSessionService sessions;
    private final Clock clock;

    SurveyAgenda(SurveyService surveys, AgendaRepository items, PeerSessionService sessions, Clock clock) {
        this.surveys = surveys;
        this.items = items;
        this.sessions = sessions;
        this.clock = clock;
    }

    /**
     * Links a ranked option to an occurrence the caller can read (404 otherwise). Linking the
     * same option to the same occurrence again returns the first item. A new item tells the
     * respondents who ranked that option first (named surveys only, see
     * {@link SurveyService#notifyFirstRankers}).
     */
    @Transactional
    public AgendaItemView link(Caller caller, UUID surveyId, AgendaLinkCommand command) {
        if (!caller.role().animates()) {
            throw ProblemException.forbidden("Only facilitators and administrators set agendas");
        }
        List<QuestionView> questions = surveys.publishedQuestions(caller, surveyId);
        QuestionView question = questions.stream().filter(q -> q.id().equals(command.questionId())).findFirst()
                .orElseThrow(() -> ProblemException.invalid("questionId", "no such question in this survey"));
        if (!"rank".equals(question.kind())) {
            throw ProblemException.invalid("questionId", "must be a ranking question");
        }
        RankRow row = surveys.ranking(surveyId, question).stream().filter(r -> r.value().equals(command.optionValue())).findFirst()
                .orElseThrow(() -> ProblemException.invalid("optionValue", "not an option of this question"));
        OccurrenceView occurrence = sessions.occurrenceView(caller, command.occurrenceId(), null);
        Optional<AgendaItemRow> existing = items.find(surveyId, question.id(), row.value(), occurrence.id());
        AgendaItemRow saved = existing.orElseGet(() -> items.save(new AgendaItemRow(UUID.randomUUID(), surveyId, question.id(), row.value(),
                row.rank(), row.points(), occurrence.id(), caller.userId(), clock.instant())));
        if (existing.isEmpty()) {
            int told = surveys.notifyFirstRankers(surveyId, question.id(), row.value(), row.label(), occurrence.title(), saved.id());
            LOG.info("survey priority scheduled surveyId={} questionId={} occurrenceId={} rank={} told={}", surveyId, question.id(),
                    occurrence.id(), row.rank(), told);
        }
        return view(saved, row.label(), question.prompt(), occurrence);
    }

    /** The agenda items of a survey the caller can read, with the sessions the caller can read. */
    @Transactional(readOnly = true)
    public List<AgendaItemView> ofSurvey(Caller caller, UUID surveyId) {
        List<QuestionView> questions = surveys.readableQuestions(caller, surveyId);
        List<AgendaItemView> out = new ArrayList<>();
        for (AgendaItemRow item : items.ofSurvey(surveyId)) {
            readable(caller, item.occurrenceId()).ifPresent(o -> questions.stream().filter(q -> q.id().equals(item.questionId())).findFirst()
                    .ifPresent(q -> out.add(view(item, label(q, item.optionValue()), q.prompt(), o))));
        }
        return out;
    }

    /** "Ordre du jour issu de l'enquête": the items of one occurrence, for its page. */
    @Transactional(readOnly = true)
    public List<AgendaItemView> ofOccurrence(Caller caller, UUID occurrenceId) {
        OccurrenceView occurrence = sessions.occurrenceView(caller, occurrenceId, null);
        List<AgendaItemView> out = new ArrayList<>();
        for (AgendaItemRow item : items.ofOccurrence(occurrenceId)) {
            surveys.readableQuestionsIfAny(caller, item.surveyId()).stream().filter(q -> q.id().equals(item.questionId())).findFirst()
                    .ifPresent(q -> out.add(view(item, label(q, item.optionValue()), q.prompt(), occurrence)));
        }
        return out;
    }

    private Optional<OccurrenceView> readable(Caller caller, UUID occurrenceId) {
        try {
            return Optional.of(sessions.occurrenceView(caller, occurrenceId, null));
        } catch (ProblemException e) {
            return Optional.empty();
        }
    }

    private static String label(QuestionView q, String value) {
        return q.options().stream().filter(o -> o.value().equals(value)).map(SurveyViews.OptionView::label).findFirst().orElse(value);
    }

    private static AgendaItemView view(AgendaItemRow item, String label, String prompt, @Nullable OccurrenceView o) {
        return new AgendaItemView(item.id(), item.surveyId(), item.questionId(), prompt, item.optionValue(), label, item.rank(), item.points(),
                item.occurrenceId(), o == null ? null : o.title(), o == null ? null : o.startsAt(), o == null ? null : o.status());
    }
}
