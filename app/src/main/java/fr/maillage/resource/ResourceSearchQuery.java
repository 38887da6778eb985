package fr.maillage.resource;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds the tsquery of a library search the way discussion search does (same configuration
 * maillage_fr, same acronym handling: "ESS" finds "économie sociale et solidaire" and back).
 */
final class ResourceSearchQuery {
    private ResourceSearchQuery() {
    }

    /** SQL for the tsquery, its values appended to {@code args}. */
    static String of(String q, List<String> args) {
        ResourceAcronyms.Split split = ResourceAcronyms.split(q);
        List<String> parts = new ArrayList<>();
        if (!split.rest().isBlank()) {
            String words = rest(split.rest(), args);
            for (String acronym : ResourceAcronyms.partOf(split.rest())) {
                if (!split.acronyms().contains(acronym)) {
                    words = "(" + words + " || plainto_tsquery('maillage_fr', ?))";
                    args.add(acronym);
                }
            }
            parts.add(words);
        }
        for (String acronym : split.acronyms()) {
            parts.add("(plainto_tsquery('maillage_fr', ?) || phraseto_tsquery('maillage_fr', ?))");
            args.add(acronym);
            args.add(ResourceAcronyms.EXPANSIONS.get(acronym));
        }
        return parts.isEmpty() ? "websearch_to_tsquery('maillage_fr', '')" : String.join(" && ", parts);
    }

    private static String rest(String rest, List<String> args) {
        String lower = rest.toLowerCase(Locale.ROOT);
        if (rest.contains("\"") || lower.matches("(^|.*\\s)(-|or\\s).*")) {
            args.add(rest);
            return "websearch_to_tsquery('maillage_fr', ?)";
        }
        List<String> words = new ArrayList<>();
        for (String word : rest.split("[\\s\\-‐‑]+")) {
            if (word.isEmpty()) {
                continue;
            }
            List<String> forms = new ArrayList<>(List.of(word));
            String folded = ResourceAcronyms.fold(word);
            if (folded.length() > 3 && folded.matches(".*(eu|au|ou)x")) {
                forms.add(word.substring(0, word.length() - 1));
            } else if (folded.length() > 2 && folded.matches(".*(eu|au|ou)")) {
                forms.add(word + "x");
            }
            List<String> alternatives = new ArrayList<>();
            for (String form : forms) {
                alternatives.add("plainto_tsquery('maillage_fr', ?)");
                args.add(form);
            }
            words.add("(" + String.join(" || ", alternatives) + ")");
        }
        return words.isEmpty() ? "websearch_to_tsquery('maillage_fr', '')" : String.join(" && ", words);
    }
}
