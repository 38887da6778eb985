package fr.maillage.notification;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The new words of an e-mail reply: everything from the quoted message's header ("On … wrote:",
 * "Le … a écrit :", Outlook's "From:/De :" block or separator line) or the signature on is
 * dropped, and so are quoted ({@code >}) lines. Shapes seen in Gmail, Outlook, Apple Mail,
 * Thunderbird, in French and English (ReplyTextSpec holds the table).
 */
final class ReplyText {
    private static final Pattern[] CUT = {
            Pattern.compile("^On\\b.{0,200}\\bwrote:\\s*$", Pattern.CASE_INSENSITIVE),
            Pattern.compile("^Le\\b.{0,200}\\ba\\s+écrit\\s*:\\s*$", Pattern.CASE_INSENSITIVE),
            Pattern.compile("^-{2,}\\s*(Original Message|Message d'origine|Message d’origine|Forwarded message|Message transféré)\\s*-{2,}\\s*$",
                    Pattern.CASE_INSENSITIVE),
            Pattern.compile("^_{10,}\\s*$"),
            Pattern.compile("^-- ?$"),
            Pattern.compile("^(Sent from my|Envoyé de mon|Envoyé depuis mon|Get Outlook for|Obtenir Outlook pour|Télécharger Outlook pour)\\b.*$",
                    Pattern.CASE_INSENSITIVE),
    };
    private static final Pattern HEADER_START = Pattern.compile("^\\*?(From|De)\\s?:\\*?\\s.+", Pattern.CASE_INSENSITIVE);
    private static final Pattern HEADER_NEXT = Pattern.compile("^\\*?(Sent|Envoyé|Date|To|À|A|Cc|Subject|Objet)\\s?:\\*?.*", Pattern.CASE_INSENSITIVE);

    private ReplyText() {
    }

    static String strip(String text) {
        String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].stripTrailing();
            String joined = i + 1 < lines.length ? line + " " + lines[i + 1].strip() : line;
            if (cuts(line.strip()) || (!line.isBlank() && cuts(joined.strip()) && !lines[i + 1].strip().startsWith(">"))) {
                break;
            }
            if (HEADER_START.matcher(line.strip()).matches() && i + 1 < lines.length && HEADER_NEXT.matcher(lines[i + 1].strip()).matches()) {
                break;
            }
            if (line.startsWith(">")) {
                continue;
            }
            kept.add(line);
        }
        return String.join("\n", kept).strip();
    }

    private static boolean cuts(String line) {
        for (Pattern p : CUT) {
            if (p.matcher(line).matches()) {
                return true;
            }
        }
        return false;
    }
}
