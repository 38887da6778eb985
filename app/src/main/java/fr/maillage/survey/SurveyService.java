package fr.maillage.survey;

import fr.maillage.core.error.Problem;
import fr.maillage.core.error.ProblemException;
import fr.maillage.core.error.ProblemType;
import fr.maillage.core.security.Caller;
import fr.maillage.core.security.PersonNames;
import fr.maillage.core.stream.Idempotency;
import fr.maillage.core.stream.StreamService;
import fr.maillage.notification.Notice;
import fr.maillage.notification.NotificationService;
import fr.maillage.reference.ReferenceService;
import fr.maillage.reference.ReferenceViews.TerritoryView;
import fr.maillage.survey.SurveyRepositories.AnswerRepository;
import fr.maillage.survey.SurveyRepositories.DraftRepository;
import fr.maillage.survey.SurveyRepositories.QuestionRepository;
import fr.maillage.survey.SurveyRepositories.ReminderRepository;
import fr.maillage.survey.SurveyRepositories.RespondentRepository;
import fr.maillage.survey.SurveyRepositories.SurveyRepository;
import fr.maillage.survey.SurveyRepositories.TagRepository;
import fr.maillage.survey.SurveyRepositories.WordingFixRepository;
import fr.maillage.survey.SurveyResults.Ballot;
import fr.maillage.survey.SurveyRows.AnswerRow;
import fr.maillage.survey.SurveyRows.QuestionRow;
import fr.maillage.survey.SurveyRows.SurveyRow;
import fr.maillage.survey.SurveyRows.TagRow;
import fr.maillage.survey.SurveyRows.WordingFixRow;
import fr.maillage.survey.SurveyViews.AnswerItem;
import fr.maillage.survey.SurveyViews.AnswersCommand;
import fr.maillage.survey.SurveyViews.MyAnswerView;
import fr.maillage.survey.SurveyViews.OptionInput;
import fr.maillage.survey.SurveyViews.OptionView;
import fr.maillage.survey.SurveyViews.QuestionInput;
import fr.maillage.survey.SurveyViews.QuestionView;
import fr.maillage.survey.SurveyViews.QuestionsCommand;
import fr.maillage.survey.SurveyViews.ResultsView;
import fr.maillage.survey.SurveyViews.SubmittedView;
import fr.maillage.survey.SurveyViews.SurveyCommand;
import fr.maillage.survey.SurveyViews.SurveySummary;
import fr.maillage.survey.SurveyViews.SurveyView;
import fr.maillage.survey.SurveyViews.TagCommand;
import fr.maillage.survey.SurveyViews.TagCount;
import fr.maillage.survey.SurveyViews.TextEntry;
import fr.maillage.survey.SurveyViews.WordingFixView;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Needs surveys (issue 17, docs/api.md "Surveys"). Facilitators and administrators build a
 * survey (draft → published → closed); the people of its audience answer once, with a draft
 * saved as they go. Each submission appends {@code survey.results_changed} to the survey's
 * stream {@code survey:<id>}.
 * <p>
 * Anonymous surveys: the answer row has no person id and no time; the separate
 * {@code survey_respondent} mark says who has answered; the draft (keyed by person) is deleted
 * on submission; the idempotency key of the submission is stored with a fingerprint of the
 * survey id only, never of the answers. So nothing links the answer back to its author, and an
 * anonymous answer cannot be edited after submission: the server could only find it again by
 * keeping that link. Named answers stay editable until closing.
 */
@Singleton
public class SurveyService {
    private static final Logger LOG = LoggerFactory.getLogger(SurveyService.class);
    static final String RESULTS_CHANGED = "survey.results_changed";
    static final String PUBLISHED_NOTICE = "survey.published";
    static final String REMINDER_NOTICE = "survey.reminder";
    static final String PRIORITY_SCHEDULED_NOTICE = "survey.priority_scheduled";
    /** The reminder goes two days before the closing day, at this hour in each person's zone. */
    static final LocalTime REMINDER_HOUR = LocalTime.of(9, 0);
    static final int REMINDER_DAYS_BEFORE = 2;
    static final List<String> KINDS = List.of("rank", "single", "multiple", "scale", "short_text", "long_text");
    static final List<String> SOURCES = List.of("themes", "levers", "competences");
    static final int SHORT_TEXT = 500;
    static final int LONG_TEXT = 5000;
    private static final Argument<List<String>> STRINGS = Argument.listOf(String.class);
    private static final Argument<List<UUID>> UUIDS = Argument.listOf(UUID.class);
    private static final Argument<List<OptionView>> OPTIONS = Argument.listOf(OptionView.class);
    private static final Argument<List<AnswerItem>> ITEMS = Argument.listOf(AnswerItem.class);

    private final SurveyRepository surveys;
    private final QuestionRepository questions;
    private final AnswerRepository answers;
    private final DraftRepository drafts;
    private final RespondentRepository respondents;
    private final WordingFixRepository fixes;
    private final ReminderRepository reminders;
    private final TagRepository tags;
    private final SurveyAudience audience;
    private final ReferenceService reference;
    private final NotificationService notifications;
    private final StreamService streams;
    private final Idempotency idempotency;
    private final PersonNames names;
    private final JsonMapper json;
    private final Clock clock;

    SurveyService(SurveyRepository surveys, QuestionRepository questions, AnswerRepository answers, DraftRepository drafts,
                  RespondentRepository respondents, WordingFixRepository fixes, ReminderRepository reminders, TagRepository tags,
                  SurveyAudience audience,
                  ReferenceService reference, NotificationService notifications, StreamService streams,
                  Idempotency idempotency, PersonNames names, JsonMapper json, Clock clock) {
        this.surveys = surveys;
        this.questions = questions;
        this.answers = answers;
        this.drafts = drafts;
        this.respondents = respondents;
        this.fixes = fixes;
        this.reminders = reminders;
        this.tags = tags;
        this.audience = audience;
        this.reference = reference;
        this.notifications = notifications;
        this.streams = streams;
        this.idempotency = idempotency;
        this.names = names;
        this.json = json;
        this.clock = clock;
    }

    static String stream(UUID surveyId) {
        return "survey:" + surveyId;
    }

    // ---- reading ---------------------------------------------------------------------------

    /** Builders see every survey; others the published ones of their audience. */
    @Transactional(readOnly = true)
    public List<SurveySummary> list(Caller caller) {
        boolean builds = caller.role().animates();
        List<SurveyRow> rows = builds ? surveys.listNewestFirst() : surveys.listPublished();
        Instant now = clock.instant();
        return rows.stream().filter(s -> builds || inAudience(s, caller.userId()))
                .map(s -> new SurveySummary(s.id(), s.title(), s.status(), state(s, now), s.opensAt(), s.closesAt(), s.anonymous(),
                        answers.countOfSurvey(s.id()), respondents.answered(s.id(), caller.userId())))
                .toList();
    }

    @Transactional(readOnly = true)
    public SurveyView view(Caller caller, UUID id) {
        return view(caller, readable(caller, id));
    }

    private SurveyView view(Caller caller, SurveyRow s) {
        Instant now = clock.instant();
        String state = state(s, now);
        boolean answered = respondents.answered(s.id(), caller.userId());
        boolean builds = caller.role().animates();
        boolean inAudience = inAudience(s, caller.userId());
        boolean canAnswer = "open".equals(state) && inAudience && !(s.anonymous() && answered);
        List<WordingFixView> fixViews = builds
                ? fixes.ofSurvey(s.id()).stream().map(f -> new WordingFixView(f.questionId(), f.field(), f.before(), f.after(), f.fixedAt())).toList()
                : List.of();
        return new SurveyView(s.id(), s.title(), s.introduction(), s.audienceKind(), read(s.audienceValues(), STRINGS),
                builds ? read(s.invitedGuests(), UUIDS) : List.of(), s.opensAt(), s.closesAt(), s.anonymous(), s.liveResults(),
                s.status(), state, answers.countOfSurvey(s.id()), answered, builds, canAnswer, canSeeResults(caller, s, state, answered),
                questionViews(s.id()), fixViews, s.publishedAt());
    }

    /** draft, scheduled (published, before its opening), open, closed (closed by hand or past its closing). */
    static String state(SurveyRow s, Instant now) {
        if ("draft".equals(s.status())) {
            return "draft";
        }
        if ("closed".equals(s.status()) || !now.isBefore(s.closesAt())) {
            return "closed";
        }
        return now.isBefore(s.opensAt()) ? "scheduled" : "open";
    }

    private boolean canSeeResults(Caller caller, SurveyRow s, String state, boolean answered) {
        return caller.role().animates() || (answered && (s.liveResults() || "closed".equals(state)));
    }

    /** Whether this person may read the survey's live results stream (see {@link SurveyAccess}). */
    @Transactional(readOnly = true)
    boolean canReadResults(UUID personId, UUID surveyId) {
        Optional<SurveyRow> found = surveys.findById(surveyId);
        Optional<SurveyAudience.Person> person = audience.person(personId);
        if (found.isEmpty() || person.isEmpty()) {
            return false;
        }
        SurveyRow s = found.get();
        if ("administrator".equals(person.get().role()) || "facilitator".equals(person.get().role())) {
            return true;
        }
        return respondents.answered(surveyId, personId) && (s.liveResults() || "closed".equals(state(s, clock.instant())));
    }

    private SurveyRow readable(Caller caller, UUID id) {
        SurveyRow s = surveys.findById(id).orElseThrow(ProblemException::notFound);
        if (caller.role().animates()) {
            return s;
        }
        if ("draft".equals(s.status()) || !inAudience(s, caller.userId())) {
            throw ProblemException.notFound();
        }
        return s;
    }

    private boolean inAudience(SurveyRow s, UUID personId) {
        return audience.includes(s.audienceKind(), read(s.audienceValues(), STRINGS), read(s.invitedGuests(), UUIDS), personId);
    }

    private List<QuestionView> questionViews(UUID surveyId) {
        return questions.ofSurvey(surveyId).stream().map(this::questionView).toList();
    }

    private QuestionView questionView(QuestionRow q) {
        List<OptionView> options = q.optionSource() == null ? read(q.options(), OPTIONS) : referenceOptions(q.optionSource());
        return new QuestionView(q.id(), q.position(), q.kind(), q.prompt(), q.helpText(), q.required(), options, q.optionSource(), q.maxKept());
    }

    /** Options drawn from the reference data: the themes, the seven levers or the competences. */
    private List<OptionView> referenceOptions(String source) {
        return switch (source) {
            case "levers" -> reference.themes().stream().filter(t -> "lever".equals(t.family()))
                    .map(t -> new OptionView(t.slug(), t.labelFr(), t.labelEn())).toList();
            case "themes" -> reference.themes().stream().filter(t -> !"lever".equals(t.family()))
                    .map(t -> new OptionView(t.slug(), t.labelFr(), t.labelEn())).toList();
            default -> reference.competences().stream().map(c -> new OptionView(c.slug(), c.labelFr(), c.labelEn())).toList();
        };
    }

    // ---- building --------------------------------------------------------------------------

    @Transactional
    public SurveyView create(Caller caller, SurveyCommand command) {
        requireBuilder(caller);
        Optional<UUID> replayed = idempotency.claim(caller.userId(), command.idempotencyKey(), "survey.create", command, UUID.class);
        if (replayed.isPresent()) {
            return view(caller, surveys.findById(replayed.get()).orElseThrow(ProblemException::notFound));
        }
        validateSettings(command);
        Instant now = clock.instant();
        SurveyRow row = surveys.save(new SurveyRow(UUID.randomUUID(), command.title().strip(), introduction(command), command.audienceKind(),
                write(audienceValues(command)), write(guests(command)), command.opensAt(), command.closesAt(), command.anonymous(),
                command.liveResults(), "draft", caller.userId(), now, now, null));
        streams.ensure(stream(row.id()));
        idempotency.complete(caller.userId(), command.idempotencyKey(), row.id());
        LOG.info("survey created surveyId={} by={}", row.id(), caller.userId());
        return view(caller, row);
    }

    /**
     * A draft's settings all change; once published, only the title, introduction, closing time
     * and live results do (409 survey-locked otherwise).
     */
    @Transactional
    public SurveyView update(Caller caller, UUID id, SurveyCommand command) {
        requireBuilder(caller);
        SurveyRow s = surveys.lock(id).orElseThrow(ProblemException::notFound);
        validateSettings(command);
        if (!"draft".equals(s.status())) {
            boolean sameMeaning = s.audienceKind().equals(command.audienceKind())
                    && read(s.audienceValues(), STRINGS).equals(audienceValues(command))
                    && new HashSet<>(read(s.invitedGuests(), UUIDS)).equals(new HashSet<>(guests(command)))
                    && s.anonymous() == command.anonymous() && s.opensAt().equals(command.opensAt());
            if (!sameMeaning) {
                throw ProblemException.of(ProblemType.SURVEY_LOCKED, "A published survey keeps its audience, anonymity and opening time");
            }
        }
        SurveyRow updated = surveys.update(new SurveyRow(s.id(), command.title().strip(), introduction(command), command.audienceKind(),
                write(audienceValues(command)), write(guests(command)), command.opensAt(), command.closesAt(), command.anonymous(),
                command.liveResults(), s.status(), s.createdBy(), s.createdAt(), clock.instant(), s.publishedAt()));
        return view(caller, updated);
    }

    /**
     * Replaces the ordered list of questions. Once answers exist, the list must keep its
     * meaning (same questions in the same order, kinds, options, limits and required flags):
     * only prompts, help texts and option labels change, each change recorded.
     */
    @Transactional
    public SurveyView replaceQuestions(Caller caller, UUID id, QuestionsCommand command) {
        requireBuilder(caller);
        SurveyRow s = surveys.lock(id).orElseThrow(ProblemException::notFound);
        List<QuestionRow> existing = questions.ofSurvey(id);
        List<QuestionRow> wanted = validateQuestions(id, command.questions(), existing);
        if (answers.countOfSurvey(id) > 0) {
            fixWording(caller, existing, wanted);
        } else {
            questions.deleteOfSurvey(id);
            questions.saveAll(wanted);
        }
        surveys.update(withUpdatedAt(s));
        return view(caller, s);
    }

    private void fixWording(Caller caller, List<QuestionRow> existing, List<QuestionRow> wanted) {
        boolean sameMeaning = existing.size() == wanted.size();
        for (int i = 0; sameMeaning && i < existing.size(); i++) {
            QuestionRow before = existing.get(i);
            QuestionRow after = wanted.get(i);
            sameMeaning = before.id().equals(after.id()) && before.kind().equals(after.kind()) && before.required() == after.required()
                    && Objects.equals(before.optionSource(), after.optionSource()) && Objects.equals(before.maxKept(), after.maxKept())
                    && values(read(before.options(), OPTIONS)).equals(values(read(after.options(), OPTIONS)));
        }
        if (!sameMeaning) {
            throw ProblemException.of(ProblemType.SURVEY_LOCKED,
                    "Answers exist: questions keep their order, kind, options, limit and required flag; only wording can change");
        }
        Instant now = clock.instant();
        for (int i = 0; i < existing.size(); i++) {
            QuestionRow before = existing.get(i);
            QuestionRow after = wanted.get(i);
            List<String[]> changes = new ArrayList<>();
            if (!before.prompt().equals(after.prompt())) {
                changes.add(new String[]{"prompt", before.prompt(), after.prompt()});
            }
            if (!before.helpText().equals(after.helpText())) {
                changes.add(new String[]{"helpText", before.helpText(), after.helpText()});
            }
            List<OptionView> oldOptions = read(before.options(), OPTIONS);
            List<OptionView> newOptions = read(after.options(), OPTIONS);
            for (int o = 0; o < oldOptions.size(); o++) {
                if (!oldOptions.get(o).label().equals(newOptions.get(o).label())) {
                    changes.add(new String[]{"option:" + oldOptions.get(o).value(), oldOptions.get(o).label(), newOptions.get(o).label()});
                }
            }
            if (!changes.isEmpty()) {
                for (String[] c : changes) {
                    fixes.save(new WordingFixRow(UUID.randomUUID(), before.id(), c[0], c[1], c[2], caller.userId(), now));
                }
                questions.update(after);
                LOG.info("survey wording fixed questionId={} fields={}", before.id(), changes.size());
            }
        }
    }

    private static List<String> values(List<OptionView> options) {
        return options.stream().map(OptionView::value).toList();
    }

    /** Publishes a draft and tells its audience in their notification centre (and e-mail, per their preferences). */
    @Transactional
    public SurveyView publish(Caller caller, UUID id) {
        requireBuilder(caller);
        SurveyRow s = surveys.lock(id).orElseThrow(ProblemException::notFound);
        if (!"draft".equals(s.status())) {
            return view(caller, s);
        }
        if (questions.ofSurvey(id).isEmpty()) {
            throw ProblemException.invalid("questions", "add at least one question");
        }
        Instant now = clock.instant();
        if (!s.closesAt().isAfter(now)) {
            throw ProblemException.invalid("closesAt", "must be in the future");
        }
        SurveyRow published = surveys.update(new SurveyRow(s.id(), s.title(), s.introduction(), s.audienceKind(), s.audienceValues(),
                s.invitedGuests(), s.opensAt(), s.closesAt(), s.anonymous(), s.liveResults(), "published", s.createdBy(), s.createdAt(),
                now, now));
        Set<UUID> people = audience.members(s.audienceKind(), read(s.audienceValues(), STRINGS), read(s.invitedGuests(), UUIDS));
        for (UUID person : people) {
            if (!person.equals(caller.userId())) {
                notifications.notify(Notice.of(person, PUBLISHED_NOTICE, "/surveys/" + id,
                        Map.of("title", s.title(), "closesAt", s.closesAt().toString())).dedupedBy(PUBLISHED_NOTICE + ":" + id));
            }
        }
        LOG.info("survey published surveyId={} audience={}", id, people.size());
        return view(caller, published);
    }

    @Transactional
    public SurveyView close(Caller caller, UUID id) {
        requireBuilder(caller);
        SurveyRow s = surveys.lock(id).orElseThrow(ProblemException::notFound);
        if ("draft".equals(s.status())) {
            throw ProblemException.conflict("A draft is not published: there is nothing to close");
        }
        if ("closed".equals(s.status())) {
            return view(caller, s);
        }
        Instant now = clock.instant();
        SurveyRow closed = surveys.update(new SurveyRow(s.id(), s.title(), s.introduction(), s.audienceKind(), s.audienceValues(),
                s.invitedGuests(), s.opensAt(), s.closesAt(), s.anonymous(), s.liveResults(), "closed", s.createdBy(), s.createdAt(),
                now, s.publishedAt()));
        streams.append(stream(id), RESULTS_CHANGED, Map.of("surveyId", id, "answerCount", answers.countOfSurvey(id), "state", "closed"));
        return view(caller, closed);
    }

    private SurveyRow withUpdatedAt(SurveyRow s) {
        return new SurveyRow(s.id(), s.title(), s.introduction(), s.audienceKind(), s.audienceValues(), s.invitedGuests(), s.opensAt(),
                s.closesAt(), s.anonymous(), s.liveResults(), s.status(), s.createdBy(), s.createdAt(), clock.instant(), s.publishedAt());
    }

    private static void requireBuilder(Caller caller) {
        if (!caller.role().animates()) {
            throw ProblemException.forbidden("Only facilitators and administrators build surveys");
        }
    }

    private void validateSettings(SurveyCommand command) {
        List<Problem.Violation> violations = new ArrayList<>();
        if (!SurveyAudience.KINDS.contains(command.audienceKind())) {
            violations.add(new Problem.Violation("audienceKind", "must be one of network, themes, territories, roles"));
        } else if (!"network".equals(command.audienceKind())) {
            List<String> values = audienceValues(command);
            if (values.isEmpty()) {
                violations.add(new Problem.Violation("audienceValues", "choose at least one"));
            }
            for (String value : values) {
                switch (command.audienceKind()) {
                    case "roles" -> {
                        if (!SurveyAudience.ROLES.contains(value)) {
                            violations.add(new Problem.Violation("audienceValues", "must be one of member, facilitator, administrator"));
                        }
                    }
                    case "territories" -> {
                        if (reference.territory(value).isEmpty()) {
                            violations.add(new Problem.Violation("audienceValues", "unknown territory"));
                        }
                    }
                    default -> {
                        if (reference.themes().stream().noneMatch(t -> t.slug().equals(value))) {
                            violations.add(new Problem.Violation("audienceValues", "unknown theme"));
                        }
                    }
                }
            }
        }
        for (UUID guest : guests(command)) {
            Optional<SurveyAudience.Person> person = audience.person(guest);
            if (person.isEmpty()) {
                violations.add(new Problem.Violation("invitedGuests", "no such person"));
            } else if (!"guest".equals(person.get().role())) {
                violations.add(new Problem.Violation("invitedGuests", "must be a guest"));
            }
        }
        if (!command.closesAt().isAfter(command.opensAt())) {
            violations.add(new Problem.Violation("closesAt", "the end is not after the start"));
        }
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
    }

    private static String introduction(SurveyCommand command) {
        return command.introduction() == null ? "" : command.introduction().strip();
    }

    private static List<String> audienceValues(SurveyCommand command) {
        return "network".equals(command.audienceKind()) || command.audienceValues() == null
                ? List.of() : command.audienceValues().stream().distinct().toList();
    }

    private static List<UUID> guests(SurveyCommand command) {
        return command.invitedGuests() == null ? List.of() : command.invitedGuests().stream().distinct().toList();
    }

    private List<QuestionRow> validateQuestions(UUID surveyId, List<QuestionInput> inputs, List<QuestionRow> existing) {
        Set<UUID> known = existing.stream().map(QuestionRow::id).collect(Collectors.toSet());
        List<Problem.Violation> violations = new ArrayList<>();
        List<QuestionRow> rows = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < inputs.size(); i++) {
            QuestionInput q = inputs.get(i);
            String field = "questions[" + i + "]";
            if (!KINDS.contains(q.kind())) {
                violations.add(new Problem.Violation(field + ".kind", "must be one of rank, single, multiple, scale, short_text, long_text"));
                continue;
            }
            boolean choice = List.of("rank", "single", "multiple").contains(q.kind());
            List<OptionView> options = List.of();
            String source = choice ? q.optionSource() : null;
            if (source != null && !SOURCES.contains(source)) {
                violations.add(new Problem.Violation(field + ".optionSource", "must be one of themes, levers, competences"));
            } else if (choice && source == null) {
                List<OptionInput> given = q.options() == null ? List.of() : q.options();
                options = given.stream().map(o -> new OptionView(o.value().strip(), o.label().strip(), null)).toList();
                if (options.size() < 2) {
                    violations.add(new Problem.Violation(field + ".options", "a choice question needs at least two options"));
                }
                if (options.stream().map(OptionView::value).distinct().count() != options.size()) {
                    violations.add(new Problem.Violation(field + ".options", "an option is given twice"));
                }
            }
            Integer maxKept = "rank".equals(q.kind()) ? q.maxKept() : null;
            if (maxKept != null && (maxKept < 1 || maxKept > 50)) {
                violations.add(new Problem.Violation(field + ".maxKept", "must be between 1 and 50"));
            }
            UUID id = q.id() != null && known.contains(q.id()) && seen.add(q.id()) ? q.id() : UUID.randomUUID();
            rows.add(new QuestionRow(id, surveyId, i, q.kind(), q.prompt().strip(), q.helpText() == null ? "" : q.helpText().strip(),
                    q.required(), write(options), source, maxKept));
        }
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
        return rows;
    }

    // ---- answering -------------------------------------------------------------------------

    @Transactional(readOnly = true)
    public MyAnswerView myAnswer(Caller caller, UUID id) {
        SurveyRow s = readable(caller, id);
        return myAnswer(caller, s);
    }

    private MyAnswerView myAnswer(Caller caller, SurveyRow s) {
        boolean open = "open".equals(state(s, clock.instant()));
        Optional<String> draft = drafts.find(s.id(), caller.userId());
        if (draft.isPresent()) {
            return new MyAnswerView("draft", read(draft.get(), ITEMS), open);
        }
        if (respondents.answered(s.id(), caller.userId())) {
            if (s.anonymous()) {
                return new MyAnswerView("submitted", List.of(), false);
            }
            List<AnswerItem> items = answers.named(s.id(), caller.userId()).map(a -> read(a.answers(), ITEMS)).orElse(List.of());
            return new MyAnswerView("submitted", items, open);
        }
        return new MyAnswerView("none", List.of(), open);
    }

    /** Saves the caller's answers as they go; checked for shape only (known questions, lengths). */
    @Transactional
    public MyAnswerView saveDraft(Caller caller, UUID id, AnswersCommand command) {
        SurveyRow s = answerable(caller, id);
        if (s.anonymous() && respondents.answered(id, caller.userId())) {
            throw ProblemException.of(ProblemType.SURVEY_ANSWER_FINAL, null);
        }
        List<AnswerItem> items = checkAnswers(questionViews(id), command.answers(), false);
        drafts.save(id, caller.userId(), write(items), clock.instant());
        return new MyAnswerView("draft", items, true);
    }

    /**
     * Submits the caller's answer: one per person. A named answer submitted again replaces the
     * first; an anonymous one is kept as first submitted ({@code alreadySubmitted}). Idempotent on
     * {@code idempotencyKey}; two tabs or two concurrent submissions still make one answer (the
     * respondent mark's primary key serialises them).
     */
    @Transactional
    public SubmittedView submit(Caller caller, UUID id, AnswersCommand command) {
        SurveyRow s = surveys.findById(id).orElseThrow(ProblemException::notFound);
        // Anonymous: the stored fingerprint covers the survey only, so it says nothing of the answers.
        Object payload = s.anonymous() ? Map.of("surveyId", id) : Map.of("surveyId", id, "answers", command.answers());
        Optional<SubmittedView> replayed = idempotency.claim(caller.userId(), command.idempotencyKey(), "survey.submit", payload, SubmittedView.class);
        if (replayed.isPresent()) {
            return replayed.get();
        }
        s = answerable(caller, id);
        surveys.lockShared(id);
        List<AnswerItem> items = checkAnswers(questionViews(id), command.answers(), true);
        SurveyAudience.Person person = audience.person(caller.userId()).orElseThrow(ProblemException::notFound);
        boolean first = respondents.mark(id, caller.userId()) == 1;
        SubmittedView result;
        if (s.anonymous()) {
            if (first) {
                answers.save(new AnswerRow(UUID.randomUUID(), id, null, person.territoryCode(), person.organisationKind(), write(items), null));
            }
            result = new SubmittedView(id, false, !first, answers.countOfSurvey(id));
        } else {
            Instant now = clock.instant();
            Optional<AnswerRow> earlier = first ? Optional.empty() : answers.named(id, caller.userId());
            if (earlier.isPresent()) {
                answers.update(new AnswerRow(earlier.get().id(), id, caller.userId(), person.territoryCode(), person.organisationKind(),
                        write(items), now));
            } else {
                answers.save(new AnswerRow(UUID.randomUUID(), id, caller.userId(), person.territoryCode(), person.organisationKind(),
                        write(items), now));
            }
            result = new SubmittedView(id, earlier.isPresent(), false, answers.countOfSurvey(id));
        }
        drafts.delete(id, caller.userId());
        if (!result.alreadySubmitted()) {
            streams.append(stream(id), RESULTS_CHANGED, Map.of("surveyId", id, "answerCount", result.answerCount(), "state", "open"));
        }
        idempotency.complete(caller.userId(), command.idempotencyKey(), result);
        LOG.info("survey answered surveyId={} replaced={} kept={}", id, result.replaced(), result.alreadySubmitted());
        return result;
    }

    /** The survey, if the caller is in its audience and it takes answers now (409 otherwise). */
    private SurveyRow answerable(Caller caller, UUID id) {
        SurveyRow s = surveys.findById(id).orElseThrow(ProblemException::notFound);
        if ("draft".equals(s.status()) || !inAudience(s, caller.userId())) {
            throw ProblemException.notFound();
        }
        String state = state(s, clock.instant());
        if ("closed".equals(state)) {
            throw ProblemException.of(ProblemType.SURVEY_CLOSED, "This survey closed at " + s.closesAt());
        }
        if ("scheduled".equals(state)) {
            throw ProblemException.of(ProblemType.SURVEY_NOT_OPEN, "This survey opens at " + s.opensAt());
        }
        return s;
    }

    /** Checks answers against the questions; {@code complete} also requires the required ones. */
    static List<AnswerItem> checkAnswers(List<QuestionView> questionList, List<AnswerItem> given, boolean complete) {
        Map<UUID, QuestionView> byId = new LinkedHashMap<>();
        questionList.forEach(q -> byId.put(q.id(), q));
        Map<UUID, AnswerItem> items = new HashMap<>();
        List<Problem.Violation> violations = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            AnswerItem item = given.get(i);
            QuestionView q = byId.get(item.questionId());
            String field = "answers[" + i + "]";
            if (q == null) {
                violations.add(new Problem.Violation(field + ".questionId", "no such question in this survey"));
                continue;
            }
            List<String> choices = item.choices() == null ? List.of() : item.choices();
            Set<String> values = q.options().stream().map(OptionView::value).collect(Collectors.toSet());
            AnswerItem normalised;
            switch (q.kind()) {
                case "rank", "single", "multiple" -> {
                    if (!values.containsAll(choices)) {
                        violations.add(new Problem.Violation(field + ".choices", "not an option of this question"));
                    }
                    if (choices.stream().distinct().count() != choices.size()) {
                        violations.add(new Problem.Violation(field + ".choices", "an option is given twice"));
                    }
                    if ("single".equals(q.kind()) && choices.size() > 1) {
                        violations.add(new Problem.Violation(field + ".choices", "choose one option"));
                    }
                    if ("rank".equals(q.kind()) && q.maxKept() != null && choices.size() > q.maxKept()) {
                        violations.add(new Problem.Violation(field + ".choices", "keep at most " + q.maxKept() + " options"));
                    }
                    normalised = new AnswerItem(q.id(), choices, null, null);
                }
                case "scale" -> {
                    if (item.scale() != null && (item.scale() < 1 || item.scale() > 5)) {
                        violations.add(new Problem.Violation(field + ".scale", "must be between 1 and 5"));
                    }
                    normalised = new AnswerItem(q.id(), null, item.scale(), null);
                }
                default -> {
                    int max = "short_text".equals(q.kind()) ? SHORT_TEXT : LONG_TEXT;
                    String text = item.text() == null ? null : item.text().strip();
                    if (text != null && text.length() > max) {
                        violations.add(new Problem.Violation(field + ".text", "give at most " + max + " characters"));
                    }
                    normalised = new AnswerItem(q.id(), null, null, text == null || text.isEmpty() ? null : text);
                }
            }
            items.put(q.id(), normalised);
        }
        if (complete) {
            int i = 0;
            for (QuestionView q : questionList) {
                if (q.required() && !SurveyResults.given(items.get(q.id()))) {
                    violations.add(new Problem.Violation("questions[" + i + "]", "is required"));
                }
                i++;
            }
        }
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
        return questionList.stream().map(q -> items.get(q.id())).filter(Objects::nonNull).toList();
    }

    // ---- results ---------------------------------------------------------------------------

    @Transactional(readOnly = true)
    public ResultsView results(Caller caller, UUID id) {
        SurveyRow s = resultsReadable(caller, id);
        long seq = streams.currentSeq(stream(id));
        List<QuestionView> questionList = questionViews(id);
        List<Ballot> ballots = ballots(id);
        List<TagRow> tagRows = tags.ofSurvey(id);
        Map<String, Long> counts = tagRows.stream()
                .collect(Collectors.groupingBy(t -> t.questionId() + "\n" + t.label(), LinkedHashMap::new, Collectors.counting()));
        List<TagCount> tagCounts = counts.entrySet().stream()
                .map(e -> new TagCount(UUID.fromString(e.getKey().substring(0, 36)), e.getKey().substring(37), e.getValue()))
                .sorted(Comparator.comparingLong(TagCount::count).reversed().thenComparing(TagCount::label)).toList();
        return new ResultsView(id, ballots.size(), seq, state(s, clock.instant()), SurveyResults.THRESHOLD,
                SurveyResults.aggregate(questionList, ballots, true), SurveyResults.breakdowns(questionList, ballots), tagCounts,
                caller.role().animates() ? entries(id, questionList, tagRows) : List.of());
    }

    /** Each free-text answer with its answer id and tags, for builders to tag them. */
    private List<TextEntry> entries(UUID surveyId, List<QuestionView> questionList, List<TagRow> tagRows) {
        Map<String, List<String>> byAnswer = new HashMap<>();
        tagRows.forEach(t -> byAnswer.computeIfAbsent(t.answerId() + ":" + t.questionId(), k -> new ArrayList<>()).add(t.label()));
        List<TextEntry> out = new ArrayList<>();
        List<QuestionView> texts = questionList.stream().filter(q -> q.kind().endsWith("_text")).toList();
        for (AnswerRow a : answers.ofSurvey(surveyId)) {
            Map<UUID, AnswerItem> items = new HashMap<>();
            read(a.answers(), ITEMS).forEach(item -> items.put(item.questionId(), item));
            for (QuestionView q : texts) {
                AnswerItem item = items.get(q.id());
                if (SurveyResults.given(item)) {
                    out.add(new TextEntry(q.id(), a.id(), item.text(), byAnswer.getOrDefault(a.id() + ":" + q.id(), List.of())));
                }
            }
        }
        return out;
    }

    /**
     * Replaces the tags a builder puts on one answer's text to one free-text question (labels
     * trimmed, duplicates dropped). A replacement, so sending it again changes nothing. The tag
     * points at the answer row only: for an anonymous survey, never at a person.
     */
    @Transactional
    public ResultsView tag(Caller caller, UUID id, UUID answerId, TagCommand command) {
        requireBuilder(caller);
        SurveyRow s = readable(caller, id);
        AnswerRow answer = answers.inSurvey(answerId, id).orElseThrow(ProblemException::notFound);
        QuestionView q = questionViews(id).stream().filter(x -> x.id().equals(command.questionId())).findFirst()
                .orElseThrow(() -> ProblemException.invalid("questionId", "no such question in this survey"));
        if (!q.kind().endsWith("_text")) {
            throw ProblemException.invalid("questionId", "must be a free-text question");
        }
        boolean hasText = read(answer.answers(), ITEMS).stream().anyMatch(i -> i.questionId().equals(q.id()) && SurveyResults.given(i));
        if (!hasText) {
            throw ProblemException.invalid("questionId", "this answer has no text for this question");
        }
        List<String> labels = command.tags().stream().map(String::strip).filter(l -> !l.isEmpty()).distinct().toList();
        Instant now = clock.instant();
        tags.clear(answerId, q.id());
        labels.forEach(label -> tags.add(answerId, q.id(), label, caller.userId(), now));
        streams.append(stream(id), RESULTS_CHANGED, Map.of("surveyId", id, "answerCount", answers.countOfSurvey(id), "state", state(s, now)));
        LOG.info("survey answer tagged surveyId={} questionId={} tags={}", id, q.id(), labels.size());
        return results(caller, id);
    }

    private SurveyRow resultsReadable(Caller caller, UUID id) {
        SurveyRow s = readable(caller, id);
        if (!canSeeResults(caller, s, state(s, clock.instant()), respondents.answered(id, caller.userId()))) {
            throw ProblemException.forbidden(s.liveResults() ? "Results are shown to those who answered"
                    : "Results are shown to those who answered once the survey closes");
        }
        return s;
    }

    private List<Ballot> ballots(UUID surveyId) {
        Map<String, String> territoryGroups = new HashMap<>();
        for (TerritoryView t : reference.territories()) {
            territoryGroups.put(t.code(), "region".equals(t.kind()) ? "metropolitan" : t.code());
        }
        return answers.ofSurvey(surveyId).stream().map(a -> {
            Map<UUID, AnswerItem> items = new HashMap<>();
            read(a.answers(), ITEMS).forEach(item -> items.put(item.questionId(), item));
            String territory = a.territoryCode() == null ? "unknown" : territoryGroups.getOrDefault(a.territoryCode(), "unknown");
            return new Ballot(territory, a.organisationKind() == null ? "unknown" : a.organisationKind(), items);
        }).toList();
    }

    /**
     * The answers as CSV (RFC 4180, UTF-8 with a byte-order mark so spreadsheets read the
     * accents): one row per answer, one column per question. Named surveys add the respondent's
     * id and name; anonymous ones have neither, and their rows come in no meaningful order.
     */
    @Transactional(readOnly = true)
    public String csv(Caller caller, UUID id) {
        StringBuilder out = new StringBuilder("\uFEFF");
        table(caller, id).forEach(cells -> line(out, cells));
        return out.toString();
    }

    /**
     * The same table as {@link #csv} as an Office Open XML workbook (Apache POI): one sheet,
     * header row bold and frozen, every cell a text cell (so nothing is read as a formula).
     */
    @Transactional(readOnly = true)
    public byte[] xlsx(Caller caller, UUID id) {
        List<List<String>> table = table(caller, id);
        try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = book.createSheet("answers");
            CellStyle bold = book.createCellStyle();
            Font font = book.createFont();
            font.setBold(true);
            bold.setFont(font);
            for (int r = 0; r < table.size(); r++) {
                Row row = sheet.createRow(r);
                List<String> cells = table.get(r);
                for (int c = 0; c < cells.size(); c++) {
                    Cell cell = row.createCell(c, CellType.STRING);
                    cell.setCellValue(cells.get(c));
                    if (r == 0) {
                        cell.setCellStyle(bold);
                    }
                }
            }
            sheet.createFreezePane(0, 1);
            book.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The export's header and rows (see {@link #csv}); builders only. */
    private List<List<String>> table(Caller caller, UUID id) {
        requireBuilder(caller);
        SurveyRow s = readable(caller, id);
        List<QuestionView> questionList = questionViews(id);
        List<List<String>> table = new ArrayList<>();
        List<String> header = new ArrayList<>();
        if (!s.anonymous()) {
            header.add("respondent_id");
            header.add("respondent");
            header.add("submitted_at");
        }
        header.add("territory");
        header.add("organisation_kind");
        questionList.forEach(q -> header.add(q.prompt()));
        table.add(header);
        for (AnswerRow a : answers.ofSurvey(id)) {
            Map<UUID, AnswerItem> items = new HashMap<>();
            read(a.answers(), ITEMS).forEach(item -> items.put(item.questionId(), item));
            List<String> cells = new ArrayList<>();
            if (!s.anonymous()) {
                cells.add(a.respondentId() == null ? "" : a.respondentId().toString());
                cells.add(a.respondentId() == null ? "" : names.displayName(a.respondentId()));
                cells.add(a.submittedAt() == null ? "" : a.submittedAt().toString());
            }
            cells.add(a.territoryCode() == null ? "" : a.territoryCode());
            cells.add(a.organisationKind() == null ? "" : a.organisationKind());
            for (QuestionView q : questionList) {
                cells.add(cell(q, items.get(q.id())));
            }
            table.add(cells);
        }
        return table;
    }

    private static String cell(QuestionView q, @Nullable AnswerItem item) {
        if (!SurveyResults.given(item)) {
            return "";
        }
        Map<String, String> labels = q.options().stream().collect(Collectors.toMap(OptionView::value, OptionView::label));
        return switch (q.kind()) {
            case "rank" -> item.choices().stream().map(v -> labels.getOrDefault(v, v)).collect(Collectors.joining(" > "));
            case "single", "multiple" -> item.choices().stream().map(v -> labels.getOrDefault(v, v)).collect(Collectors.joining("; "));
            case "scale" -> String.valueOf(item.scale());
            default -> item.text();
        };
    }

    private static void line(StringBuilder out, List<String> cells) {
        out.append(cells.stream().map(SurveyService::quote).collect(Collectors.joining(","))).append("\r\n");
    }

    private static String quote(String cell) {
        // A leading = + - @ would be a formula in a spreadsheet: a quote mark keeps it text.
        String safe = !cell.isEmpty() && "=+-@".indexOf(cell.charAt(0)) >= 0 ? "'" + cell : cell;
        return safe.matches("(?s).*[\",\r\n].*") || !safe.equals(cell) ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }

    // ---- reminder ----------------------------------------------------------------------------

    /**
     * Sends the reminders due now (run by {@link SurveyReminders}): once per survey and person,
     * to the audience members who have not answered (the "has answered" mark counts, so an
     * anonymous respondent is never reminded), from {@link #REMINDER_HOUR} in the person's own
     * zone, {@link #REMINDER_DAYS_BEFORE} days before the local closing day, until closing. A
     * survey published after that moment sends no reminder to that person (the publication
     * notice is fresh). Returns how many reminders it sent.
     */
    @Transactional
    public int remindDue() {
        Instant now = clock.instant();
        int sent = 0;
        // the earliest reminder moment is under 3 days before closing, whatever the zone
        for (SurveyRow s : surveys.closingBefore(now, now.plus(Duration.ofDays(REMINDER_DAYS_BEFORE + 1)))) {
            Set<UUID> people = audience.members(s.audienceKind(), read(s.audienceValues(), STRINGS), read(s.invitedGuests(), UUIDS));
            Map<UUID, ZoneId> zones = audience.zones(people);
            int ofSurvey = 0;
            for (UUID person : people) {
                Instant due = reminderAt(s.closesAt(), zones.getOrDefault(person, SurveyAudience.PARIS));
                if (now.isBefore(due) || (s.publishedAt() != null && s.publishedAt().isAfter(due))
                        || respondents.answered(s.id(), person) || reminders.mark(s.id(), person, now) == 0) {
                    continue;
                }
                notifications.notify(Notice.of(person, REMINDER_NOTICE, "/surveys/" + s.id(),
                        Map.of("title", s.title(), "closesAt", s.closesAt().toString())).dedupedBy(REMINDER_NOTICE + ":" + s.id()));
                ofSurvey++;
            }
            if (ofSurvey > 0) {
                LOG.info("survey reminders sent surveyId={} count={}", s.id(), ofSurvey);
            }
            sent += ofSurvey;
        }
        return sent;
    }

    /** When a person in {@code zone} is reminded of a survey closing at {@code closesAt}. */
    static Instant reminderAt(Instant closesAt, ZoneId zone) {
        return closesAt.atZone(zone).toLocalDate().minusDays(REMINDER_DAYS_BEFORE).atTime(REMINDER_HOUR).atZone(zone).toInstant();
    }

    // ---- for the agenda ----------------------------------------------------------------------

    /** The questions of a published survey the caller may read (404 otherwise, 409 for a draft). */
    @Transactional(readOnly = true)
    List<QuestionView> publishedQuestions(Caller caller, UUID id) {
        SurveyRow s = readable(caller, id);
        if ("draft".equals(s.status())) {
            throw ProblemException.conflict("Publish the survey before scheduling its priorities");
        }
        return questionViews(id);
    }

    @Transactional(readOnly = true)
    List<QuestionView> readableQuestions(Caller caller, UUID id) {
        readable(caller, id);
        return questionViews(id);
    }

    /** Empty when the caller may not read the survey. */
    @Transactional(readOnly = true)
    List<QuestionView> readableQuestionsIfAny(Caller caller, UUID id) {
        try {
            return readableQuestions(caller, id);
        } catch (ProblemException e) {
            return List.of();
        }
    }

    /**
     * Tells each respondent whose named answer ranked {@code value} first on the question that
     * it is now on a session's agenda (once per agenda item). An anonymous survey tells nobody:
     * its answers carry no person, so nobody can be found, by design.
     */
    @Transactional
    int notifyFirstRankers(UUID surveyId, UUID questionId, String value, String label, String session, UUID itemId) {
        SurveyRow s = surveys.findById(surveyId).orElseThrow(ProblemException::notFound);
        if (s.anonymous()) {
            return 0;
        }
        int told = 0;
        for (AnswerRow a : answers.ofSurvey(surveyId)) {
            boolean first = a.respondentId() != null && read(a.answers(), ITEMS).stream()
                    .anyMatch(i -> i.questionId().equals(questionId) && i.choices() != null && !i.choices().isEmpty()
                            && i.choices().get(0).equals(value));
            if (first) {
                notifications.notify(Notice.of(a.respondentId(), PRIORITY_SCHEDULED_NOTICE, "/surveys/" + surveyId,
                        Map.of("title", s.title(), "priority", label, "session", session)).dedupedBy(PRIORITY_SCHEDULED_NOTICE + ":" + itemId));
                told++;
            }
        }
        return told;
    }

    /** The current Borda ranking of a question over all answers. */
    @Transactional(readOnly = true)
    List<SurveyViews.RankRow> ranking(UUID surveyId, QuestionView question) {
        return SurveyResults.aggregate(question, ballots(surveyId), false).ranking();
    }

    // ---- personal data ---------------------------------------------------------------------

    /** The surveys a person answered (the mark only) and their named answers, for their export. */
    @Transactional(readOnly = true)
    Map<String, Object> personalData(UUID personId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("surveysAnswered", respondents.surveysOf(personId).stream()
                .map(id -> Map.of("surveyId", id, "title", surveys.findById(id).map(SurveyRow::title).orElse(""))).toList());
        data.put("namedAnswers", answers.namedOf(personId).stream()
                .map(a -> Map.of("surveyId", a.surveyId(), "answers", read(a.answers(), ITEMS))).toList());
        return data;
    }

    /** On account deletion: drafts go, named answers stay unlinked (they count, like anonymous ones). */
    @Transactional
    void erase(UUID personId) {
        drafts.deleteOf(personId);
        answers.unlink(personId);
    }

    // ---- JSON columns ----------------------------------------------------------------------

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T read(String text, Argument<T> type) {
        try {
            return json.readValue(text, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
