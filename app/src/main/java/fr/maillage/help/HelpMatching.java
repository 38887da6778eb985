package fr.maillage.help;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Ranks pioneers for a help request. Pure: no database, no clock; {@code HelpMatchingSpec}
 * covers each factor and the ties. docs/help.md explains the same rules to people.
 *
 * <p>Who is never proposed: the requester, a paused pioneer, a pioneer at or over their
 * maximum of open requests, and a pioneer who can help with none of the requested competences.
 *
 * <p>The score is the sum of four factors, each one a {@link Reason} shown with the match:
 * <ul>
 *   <li>{@code competence}: {@value #POINTS_PER_COMPETENCE} points per requested competence the
 *       pioneer marked "can help";</li>
 *   <li>{@code territory}: {@value #SAME_TERRITORY} for the same territory, else
 *       {@value #BOTH_OVERSEAS} when both are overseas (alike situations far from Paris), else
 *       {@value #BOTH_METROPOLITAN} when both are in metropolitan France; 0 when either has no
 *       territory;</li>
 *   <li>{@code load}: up to {@value #LOAD_POINTS}, the free share of their maximum of open
 *       requests ({@code 4 × (max − open) / max}, rounded down);</li>
 *   <li>{@code responsiveness}: up to {@value #RESPONSIVENESS_POINTS}, the share of their
 *       recent offers they answered (accepted or passed), rounded to the nearest point; with
 *       no recent offer, {@value #UNKNOWN_RESPONSIVENESS}.</li>
 * </ul>
 * Ties: the higher score first, then the fewer open requests, then the smaller user id, so
 * that two nodes rank alike.
 */
public final class HelpMatching {
    static final int POINTS_PER_COMPETENCE = 10;
    static final int SAME_TERRITORY = 6;
    static final int BOTH_OVERSEAS = 4;
    static final int BOTH_METROPOLITAN = 2;
    static final int LOAD_POINTS = 4;
    static final int RESPONSIVENESS_POINTS = 3;
    static final int UNKNOWN_RESPONSIVENESS = 2;

    private HelpMatching() {
    }

    /** What was asked and by whom; {@code overseas} is null when the requester has no territory. */
    public record Need(UUID requesterId, Set<String> competences, String territoryCode, Boolean overseas) {
    }

    /** A confirmed pioneer with their current load and recent answers. */
    public record Candidate(UUID userId, Set<String> canHelp, String territoryCode, Boolean overseas, boolean paused,
                            int openRequests, int maxOpenRequests, int recentOffers, int recentAnswers) {
    }

    /** One factor of a score: {@code detail} is a stable code the web client translates. */
    @io.micronaut.serde.annotation.Serdeable
    public record Reason(String factor, int points, String detail) {
    }

    public record Match(UUID userId, int score, int openRequests, List<Reason> reasons) {
    }

    public static List<Match> rank(Need need, List<Candidate> candidates) {
        List<Match> matches = new ArrayList<>();
        for (Candidate candidate : candidates) {
            if (candidate.userId().equals(need.requesterId()) || candidate.paused()
                    || candidate.openRequests() >= candidate.maxOpenRequests()) {
                continue;
            }
            Set<String> overlap = new TreeSet<>(need.competences());
            overlap.retainAll(candidate.canHelp());
            if (overlap.isEmpty()) {
                continue;
            }
            List<Reason> reasons = List.of(
                    new Reason("competence", POINTS_PER_COMPETENCE * overlap.size(), String.join(",", overlap)),
                    territory(need, candidate),
                    new Reason("load", LOAD_POINTS * (candidate.maxOpenRequests() - candidate.openRequests()) / candidate.maxOpenRequests(),
                            candidate.openRequests() + "/" + candidate.maxOpenRequests()),
                    responsiveness(candidate));
            int score = reasons.stream().mapToInt(Reason::points).sum();
            matches.add(new Match(candidate.userId(), score, candidate.openRequests(), reasons));
        }
        matches.sort(Comparator.comparingInt(Match::score).reversed()
                .thenComparingInt(Match::openRequests)
                .thenComparing(m -> m.userId().toString()));
        return matches;
    }

    private static Reason territory(Need need, Candidate candidate) {
        if (need.territoryCode() == null || candidate.territoryCode() == null) {
            return new Reason("territory", 0, "unknown");
        }
        if (Objects.equals(need.territoryCode(), candidate.territoryCode())) {
            return new Reason("territory", SAME_TERRITORY, "same_territory");
        }
        if (Boolean.TRUE.equals(need.overseas()) && Boolean.TRUE.equals(candidate.overseas())) {
            return new Reason("territory", BOTH_OVERSEAS, "both_overseas");
        }
        if (Boolean.FALSE.equals(need.overseas()) && Boolean.FALSE.equals(candidate.overseas())) {
            return new Reason("territory", BOTH_METROPOLITAN, "both_metropolitan");
        }
        return new Reason("territory", 0, "far");
    }

    private static Reason responsiveness(Candidate candidate) {
        if (candidate.recentOffers() == 0) {
            return new Reason("responsiveness", UNKNOWN_RESPONSIVENESS, "no_recent_offer");
        }
        int answered = Math.min(candidate.recentAnswers(), candidate.recentOffers());
        int points = Math.round((float) RESPONSIVENESS_POINTS * answered / candidate.recentOffers());
        return new Reason("responsiveness", points, answered + "/" + candidate.recentOffers());
    }
}
