package fr.maillage.survey;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Commands and views of the needs survey (docs/api.md "Surveys"). */
public final class SurveyViews {
    private SurveyViews() {
    }

    /** Creates or edits a survey's settings. Audience kinds: network, themes, territories, roles. */
    @Serdeable
    public record SurveyCommand(@NotBlank @Size(max = 200) String title, @Nullable @Size(max = 5000) String introduction,
                                @NotBlank String audienceKind, @Nullable List<String> audienceValues,
                                @Nullable List<UUID> invitedGuests, @NotNull Instant opensAt, @NotNull Instant closesAt,
                                boolean anonymous, boolean liveResults, @Nullable @Size(max = 64) String idempotencyKey) {
    }

    @Serdeable
    public record OptionInput(@NotBlank @Size(max = 80) String value, @NotBlank @Size(max = 300) String label) {
    }

    /** One question of the ordered list; {@code id} null for a new one. */
    @Serdeable
    public record QuestionInput(@Nullable UUID id, @NotBlank String kind, @NotBlank @Size(max = 1000) String prompt,
                                @Nullable @Size(max = 2000) String helpText, boolean required,
                                @Nullable List<@Valid OptionInput> options, @Nullable String optionSource,
                                @Nullable Integer maxKept) {
    }

    /** The whole ordered list of questions, replacing the previous one. */
    @Serdeable
    public record QuestionsCommand(@NotNull @Size(max = 60) List<@Valid QuestionInput> questions) {
    }

    /**
     * One question's answer: {@code choices} for rank (in order, best first), single (one) and
     * multiple; {@code scale} 1 to 5; {@code text} for short and long texts.
     */
    @Serdeable
    public record AnswerItem(@NotNull UUID questionId, @Nullable List<String> choices, @Nullable Integer scale,
                             @Nullable String text) {
    }

    @Serdeable
    public record AnswersCommand(@NotNull @Size(max = 60) List<@Valid AnswerItem> answers, @Nullable @Size(max = 64) String idempotencyKey) {
    }

    @Serdeable
    public record OptionView(String value, String label, @Nullable String labelEn) {
    }

    @Serdeable
    public record QuestionView(UUID id, int position, String kind, String prompt, String helpText, boolean required,
                               List<OptionView> options, @Nullable String optionSource, @Nullable Integer maxKept) {
    }

    /**
     * A survey as the caller may see it. {@code state}: draft, scheduled (published, not open
     * yet), open, closed. The {@code can*} flags say what the caller may do now.
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record SurveyView(UUID id, String title, String introduction, String audienceKind, List<String> audienceValues,
                             List<UUID> invitedGuests, Instant opensAt, Instant closesAt, boolean anonymous,
                             boolean liveResults, String status, String state, long answerCount, boolean answered,
                             boolean canBuild, boolean canAnswer, boolean canSeeResults, List<QuestionView> questions,
                             List<WordingFixView> wordingFixes, @Nullable Instant publishedAt) {
    }

    @Serdeable
    public record SurveySummary(UUID id, String title, String status, String state, Instant opensAt, Instant closesAt,
                                boolean anonymous, long answerCount, boolean answered) {
    }

    @Serdeable
    public record WordingFixView(UUID questionId, String field, String before, String after, Instant fixedAt) {
    }

    /**
     * The caller's own answer: {@code status} none, draft or submitted; {@code editable} false
     * once an anonymous answer is submitted (nothing links it to the person any more).
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record MyAnswerView(String status, List<AnswerItem> answers, boolean editable) {
    }

    /** A submission's outcome; {@code alreadySubmitted} when an anonymous answer existed and was kept. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record SubmittedView(UUID surveyId, boolean replaced, boolean alreadySubmitted, long answerCount) {
    }

    /** One option's Borda points, its rank (equal points share a rank) and how often it was ranked first. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record RankRow(String value, String label, long points, int rank, long firstPlaces) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ChoiceRow(String value, String label, long count, double percent) {
    }

    /**
     * One question's results over {@code answered} answers: {@code ranking}, {@code choices},
     * {@code distribution} (counts of 1 to 5) with {@code median}, or {@code texts}.
     */
    @Serdeable
    public record QuestionResult(UUID questionId, String kind, String prompt, long answered, List<RankRow> ranking,
                                 List<ChoiceRow> choices, List<Long> distribution, @Nullable Double median, List<String> texts) {
    }

    /** One group of a breakdown (a territory or an organisation kind) with at least 5 answers. */
    @Serdeable
    public record GroupResult(String key, long answerCount, List<QuestionResult> questions) {
    }

    /** {@code hiddenGroups}: how many groups had fewer answers than the threshold and are not shown. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Breakdown(String dimension, List<GroupResult> groups, int hiddenGroups) {
    }

    /**
     * The results. {@code tags}: each free-text question's tags with how many answers carry them
     * (for all who see results); {@code entries}: the free-text answers with their answer id and
     * tags, for builders only, to tag them (an answer id never leads to a person).
     */
    @Serdeable
    public record ResultsView(UUID surveyId, long answerCount, long seq, String state, int threshold,
                              List<QuestionResult> questions, List<Breakdown> breakdowns, List<TagCount> tags, List<TextEntry> entries) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record TagCount(UUID questionId, String label, long count) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record TextEntry(UUID questionId, UUID answerId, String text, List<String> tags) {
    }

    /** Replaces the tags of one answer's text to one question (an empty list removes them). */
    @Serdeable
    public record TagCommand(@NotNull UUID questionId, @NotNull @Size(max = 10) List<@NotBlank @Size(max = 40) String> tags) {
    }

    /** Turns a ranked option of a question into an agenda item of a peer-session occurrence. */
    @Serdeable
    public record AgendaLinkCommand(@NotNull UUID questionId, @NotBlank String optionValue, @NotNull UUID occurrenceId) {
    }

    /** A priority on a session's agenda, with its Borda rank and points when it was scheduled. */
    @Serdeable
    public record AgendaItemView(UUID id, UUID surveyId, UUID questionId, String prompt, String optionValue, String label, int rank,
                                 long points, UUID occurrenceId, @Nullable String occurrenceTitle, @Nullable Instant startsAt,
                                 @Nullable String occurrenceStatus) {
    }
}
