package fr.maillage.survey;

import fr.maillage.survey.SurveyViews.AnswerItem;
import fr.maillage.survey.SurveyViews.Breakdown;
import fr.maillage.survey.SurveyViews.ChoiceRow;
import fr.maillage.survey.SurveyViews.GroupResult;
import fr.maillage.survey.SurveyViews.OptionView;
import fr.maillage.survey.SurveyViews.QuestionResult;
import fr.maillage.survey.SurveyViews.QuestionView;
import fr.maillage.survey.SurveyViews.RankRow;
import io.micronaut.core.annotation.Nullable;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The aggregation of a survey's answers (docs/api.md "Surveys", "How results are counted"). Pure
 * functions of the questions and the answers, so the specs check them with data tables.
 * <ul>
 * <li>Rank: Borda count. With N = the question's "keep at most N" (all options when unset), the
 * option placed i-th (1-based) in a ballot gets N − i + 1 points, options left out get 0. Options
 * are ordered by points; equal points share a rank (1, 2, 2, 4: "standard competition"), and
 * within a tie they are listed by first places, then in the question's option order — the
 * listing breaks no tie, the equal rank says it.</li>
 * <li>Single and multiple choice: the count of answers holding each option and its percentage of
 * the answers to that question (one decimal; for multiple choice they may sum above 100).</li>
 * <li>Scale: the count of each value 1 to 5 and the median (the mean of the two middle values
 * for an even count).</li>
 * <li>Texts: listed, in no particular order.</li>
 * </ul>
 * Breakdowns (by territory: metropolitan France or each overseas territory; by organisation
 * kind) show only groups of at least {@link #THRESHOLD} answers, without their texts.
 */
final class SurveyResults {
    static final int THRESHOLD = 5;

    private SurveyResults() {
    }

    /** A submitted answer as the aggregation sees it: its group keys and its items by question. */
    record Ballot(String territoryGroup, String organisationGroup, Map<UUID, AnswerItem> items) {
    }

    static List<QuestionResult> aggregate(List<QuestionView> questions, List<Ballot> ballots, boolean withTexts) {
        return questions.stream().map(q -> aggregate(q, ballots, withTexts)).toList();
    }

    static QuestionResult aggregate(QuestionView question, List<Ballot> ballots, boolean withTexts) {
        List<AnswerItem> items = ballots.stream().map(b -> b.items().get(question.id())).filter(SurveyResults::given).toList();
        long answered = items.size();
        return switch (question.kind()) {
            case "rank" -> new QuestionResult(question.id(), question.kind(), question.prompt(), answered,
                    borda(question, items.stream().map(AnswerItem::choices).toList()), List.of(), List.of(), null, List.of());
            case "single", "multiple" -> new QuestionResult(question.id(), question.kind(), question.prompt(), answered,
                    List.of(), choices(question, items), List.of(), null, List.of());
            case "scale" -> {
                List<Integer> values = items.stream().map(AnswerItem::scale).sorted().toList();
                List<Long> distribution = new ArrayList<>();
                for (int v = 1; v <= 5; v++) {
                    int value = v;
                    distribution.add(values.stream().filter(x -> x == value).count());
                }
                yield new QuestionResult(question.id(), question.kind(), question.prompt(), answered, List.of(), List.of(),
                        distribution, median(values), List.of());
            }
            default -> new QuestionResult(question.id(), question.kind(), question.prompt(), answered, List.of(), List.of(),
                    List.of(), null, withTexts ? items.stream().map(AnswerItem::text).toList() : List.of());
        };
    }

    static boolean given(@Nullable AnswerItem item) {
        if (item == null) {
            return false;
        }
        return (item.choices() != null && !item.choices().isEmpty()) || item.scale() != null
                || (item.text() != null && !item.text().isBlank());
    }

    /** Borda points of each option over the ballots (each a list of option values, best first). */
    static List<RankRow> borda(QuestionView question, List<List<String>> ballots) {
        List<OptionView> options = question.options();
        int n = question.maxKept() == null ? options.size() : Math.min(question.maxKept(), options.size());
        Map<String, long[]> tally = new LinkedHashMap<>();
        options.forEach(o -> tally.put(o.value(), new long[2]));
        for (List<String> ballot : ballots) {
            for (int i = 0; i < ballot.size() && i < n; i++) {
                long[] t = tally.get(ballot.get(i));
                if (t != null) {
                    t[0] += n - i;
                    if (i == 0) {
                        t[1]++;
                    }
                }
            }
        }
        List<OptionView> ordered = new ArrayList<>(options);
        Map<String, Integer> order = new LinkedHashMap<>();
        for (int i = 0; i < options.size(); i++) {
            order.put(options.get(i).value(), i);
        }
        ordered.sort(Comparator.<OptionView>comparingLong(o -> -tally.get(o.value())[0])
                .thenComparingLong(o -> -tally.get(o.value())[1])
                .thenComparingInt(o -> order.get(o.value())));
        List<RankRow> rows = new ArrayList<>();
        int rank = 0;
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < ordered.size(); i++) {
            OptionView o = ordered.get(i);
            long points = tally.get(o.value())[0];
            if (points != previous) {
                rank = i + 1;
                previous = points;
            }
            rows.add(new RankRow(o.value(), o.label(), points, rank, tally.get(o.value())[1]));
        }
        return rows;
    }

    static List<ChoiceRow> choices(QuestionView question, List<AnswerItem> items) {
        long answered = items.size();
        return question.options().stream().map(o -> {
            long count = items.stream().filter(i -> i.choices().contains(o.value())).count();
            double percent = answered == 0 ? 0 : Math.round(count * 1000.0 / answered) / 10.0;
            return new ChoiceRow(o.value(), o.label(), count, percent);
        }).toList();
    }

    @Nullable
    static Double median(List<Integer> sorted) {
        if (sorted.isEmpty()) {
            return null;
        }
        int size = sorted.size();
        return size % 2 == 1 ? sorted.get(size / 2) : (sorted.get(size / 2 - 1) + sorted.get(size / 2)) / 2.0;
    }

    static List<Breakdown> breakdowns(List<QuestionView> questions, List<Ballot> ballots) {
        return List.of(breakdown("territory", questions, ballots, Ballot::territoryGroup),
                breakdown("organisation", questions, ballots, Ballot::organisationGroup));
    }

    static Breakdown breakdown(String dimension, List<QuestionView> questions, List<Ballot> ballots, Function<Ballot, String> key) {
        Map<String, List<Ballot>> groups = new LinkedHashMap<>();
        ballots.forEach(b -> groups.computeIfAbsent(key.apply(b), k -> new ArrayList<>()).add(b));
        List<GroupResult> shown = new ArrayList<>();
        int hidden = 0;
        for (var group : groups.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
            if (group.getValue().size() < THRESHOLD) {
                hidden++;
            } else {
                shown.add(new GroupResult(group.getKey(), group.getValue().size(), aggregate(questions, group.getValue(), false)));
            }
        }
        return new Breakdown(dimension, shown, hidden);
    }
}
