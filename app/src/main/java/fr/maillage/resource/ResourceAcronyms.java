package fr.maillage.resource;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A copy of the discussions' acronym list (package-private there; discussion files are not
 * changed by this feature): keep the two in step, or move both to core.
 *
 * The network's acronyms and what they stand for, so that search finds either form.
 * A query's acronym matches the acronym or its expansion; a query's expansion matches both too.
 */
final class ResourceAcronyms {
    static final Map<String, String> EXPANSIONS = new LinkedHashMap<>();

    static {
        EXPANSIONS.put("EPCI", "établissement public de coopération intercommunale");
        EXPANSIONS.put("QPV", "quartier prioritaire de la politique de la ville");
        EXPANSIONS.put("PTCE", "pôle territorial de coopération économique");
        EXPANSIONS.put("DROM", "département et région d'outre-mer");
        EXPANSIONS.put("ESS", "économie sociale et solidaire");
        EXPANSIONS.put("SIAE", "structure d'insertion par l'activité économique");
        EXPANSIONS.put("RSE", "responsabilité sociétale des entreprises");
        EXPANSIONS.put("ODD", "objectifs de développement durable");
        EXPANSIONS.put("TZCLD", "territoires zéro chômeur de longue durée");
        EXPANSIONS.put("CRESS", "chambre régionale de l'économie sociale et solidaire");
        EXPANSIONS.put("AMI", "appel à manifestation d'intérêt");
        EXPANSIONS.put("AAP", "appel à projets");
        EXPANSIONS.put("SCIC", "société coopérative d'intérêt collectif");
        EXPANSIONS.put("GIP", "groupement d'intérêt public");
    }

    private ResourceAcronyms() {
    }

    /** The query split into the acronyms it names (by either form) and the rest of its words. */
    record Split(List<String> acronyms, String rest) {
    }

    static Split split(String query) {
        String rest = " " + query + " ";
        List<String> found = new ArrayList<>();
        for (Map.Entry<String, String> entry : EXPANSIONS.entrySet()) {
            String folded = fold(rest);
            String expansion = fold(entry.getValue());
            int at = folded.indexOf(" " + expansion + " ");
            if (at >= 0) {
                // fold() keeps lengths, so the same span can be cut from the original text
                rest = rest.substring(0, at + 1) + rest.substring(at + 1 + expansion.length());
                found.add(entry.getKey());
            }
        }
        StringBuilder kept = new StringBuilder();
        for (String word : rest.trim().split("\\s+")) {
            String upper = fold(word).toUpperCase(Locale.ROOT).replaceAll("[^A-Z]", "");
            if (!word.isEmpty() && word.replaceAll("[^\\p{L}]", "").length() == upper.length()
                    && EXPANSIONS.containsKey(upper) && word.equals(word.toUpperCase(Locale.ROOT))) {
                if (!found.contains(upper)) {
                    found.add(upper);
                }
            } else if (!word.isEmpty()) {
                kept.append(kept.length() == 0 ? "" : " ").append(word);
            }
        }
        return new Split(found, kept.toString());
    }

    /**
     * The acronyms whose expansion contains the words of {@code text} as a phrase of at least two
     * words: "quartier prioritaire" is part of QPV's expansion.
     */
    static List<String> partOf(String text) {
        String words = fold(text).replaceAll("[^\\p{L}\\p{N}']+", " ").trim();
        List<String> found = new ArrayList<>();
        if (words.split(" ").length < 2) {
            return found;
        }
        for (Map.Entry<String, String> entry : EXPANSIONS.entrySet()) {
            String expansion = " " + fold(entry.getValue()).replaceAll("[^\\p{L}\\p{N}']+", " ") + " ";
            // A plural query ("quartiers prioritaires") matches the singular expansion too.
            String singular = words.replaceAll("(?<=\\p{L}{3})[sx](?= |$)", "");
            if (expansion.contains(" " + words + " ") || expansion.contains(" " + singular + " ")) {
                found.add(entry.getKey());
            }
        }
        return found;
    }

    /** Lowercase without accents, same length as the input (one char for one char). */
    static String fold(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            String base = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD).replaceAll("\\p{M}", "");
            out.append(base.isEmpty() ? c : Character.toLowerCase(base.charAt(0)));
        }
        return out.toString().replace('’', '\'');
    }
}
