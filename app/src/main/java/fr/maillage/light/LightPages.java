package fr.maillage.light;

import fr.maillage.core.security.Caller;
import fr.maillage.discussion.DiscussionService;
import fr.maillage.discussion.DiscussionViews.PostView;
import fr.maillage.discussion.DiscussionViews.ThemeSummary;
import fr.maillage.discussion.DiscussionViews.ThreadPage;
import fr.maillage.discussion.DiscussionViews.ThreadView;
import fr.maillage.peersession.PeerSessionService;
import fr.maillage.peersession.SessionViews.OccurrenceDetail;
import fr.maillage.peersession.SessionViews.OccurrenceView;
import fr.maillage.core.error.ProblemException;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;

/**
 * The light view: a thread, a theme's thread list and a session occurrence as plain HTML, no
 * JavaScript, one request, for weak connections and mail readers. Read through the features'
 * own services, so it shows exactly what the person may read (404 otherwise). Posts are the
 * server's sanitized HTML. Budget: under 30 KB for a 50-post thread of ordinary posts (the
 * page adds ~1.5 KB of chrome and ~150 bytes per post).
 */
@Singleton
public class LightPages {
    private static final String STYLE = "body{font:16px/1.5 sans-serif;max-width:42em;margin:auto;padding:.5em 1em;color-scheme:light dark}"
            + "article{border-top:1px solid #8886;padding:.3em 0}h1{font-size:1.4em}p.meta{font-size:.9em;margin:0;opacity:.8}"
            + "nav a{margin-right:1em}a{word-break:break-word}";

    private final DiscussionService discussions;
    private final PeerSessionService sessions;
    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;

    LightPages(DiscussionService discussions, PeerSessionService sessions, JdbcOperations jdbc, TransactionOperations<Connection> transactions) {
        this.discussions = discussions;
        this.sessions = sessions;
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    record Reader(boolean english, ZoneId zone) {
    }

    public String thread(Caller caller, UUID threadId) {
        Reader reader = reader(caller);
        ThreadPage page = discussions.threadPage(caller, threadId);
        ThreadView thread = page.thread();
        String theme = themeLabel(caller, thread.theme(), reader);
        StringBuilder html = open(reader, thread.title(), "/threads/" + thread.id());
        html.append("<nav><a href=\"/light/themes/").append(escape(thread.theme())).append("\">← ").append(escape(theme)).append("</a></nav>");
        html.append("<h1>").append(escape(thread.title())).append("</h1>");
        if (thread.locked()) {
            html.append("<p>").append(reader.english() ? "This thread is locked." : "Ce fil est verrouillé.").append("</p>");
        }
        for (PostView post : page.posts()) {
            html.append("<article id=\"p").append(post.id()).append("\"><p class=\"meta\">").append(escape(post.authorName())).append(" · ")
                    .append(when(post.createdAt(), reader));
            if (post.id().equals(thread.solvedPostId())) {
                html.append(reader.english() ? " · ✓ solution" : " · ✓ solution");
            }
            html.append("</p>");
            html.append(post.deleted() ? (reader.english() ? "<p><i>Deleted post</i></p>" : "<p><i>Message supprimé</i></p>") : post.html());
            html.append("</article>");
        }
        html.append("<p>").append(reader.english() ? "To answer, reply to the e-mail you received, or open the full view." :
                "Pour répondre, répondez à l'e-mail reçu, ou ouvrez la version complète.").append("</p>");
        return close(html, reader, "/threads/" + thread.id());
    }

    public String theme(Caller caller, String slug) {
        Reader reader = reader(caller);
        var page = discussions.themePage(caller, slug);
        String label = themeLabel(caller, slug, reader);
        StringBuilder html = open(reader, label, "/themes/" + slug);
        html.append("<nav><a href=\"/light/themes\">← ").append(reader.english() ? "All themes" : "Tous les thèmes").append("</a></nav>");
        html.append("<h1>").append(escape(label)).append("</h1>");
        if (page.threads().isEmpty()) {
            html.append("<p>").append(reader.english() ? "No thread yet." : "Aucun fil pour l'instant.").append("</p>");
        }
        html.append("<ul>");
        for (ThreadView t : page.threads()) {
            html.append("<li><a href=\"/light/threads/").append(t.id()).append("\">").append(escape(t.title())).append("</a> <span class=\"meta\">(")
                    .append(t.postCount()).append(reader.english() ? " posts" : " messages");
            if (t.unread() != null && t.unread() > 0) {
                html.append(", ").append(t.unread()).append(reader.english() ? " unread" : " non lus");
            }
            html.append(", ").append(when(t.lastPostAt(), reader)).append(")</span></li>");
        }
        return close(html.append("</ul>"), reader, "/themes/" + slug);
    }

    public String themes(Caller caller) {
        Reader reader = reader(caller);
        String title = reader.english() ? "Themes" : "Thèmes";
        StringBuilder html = open(reader, title, "/themes").append("<h1>").append(title).append("</h1><ul>");
        for (ThemeSummary theme : discussions.themes(caller)) {
            html.append("<li><a href=\"/light/themes/").append(escape(theme.slug())).append("\">")
                    .append(escape(reader.english() ? theme.labelEn() : theme.labelFr())).append("</a></li>");
        }
        return close(html.append("</ul>"), reader, "/themes");
    }

    public String occurrence(Caller caller, UUID occurrenceId) {
        Reader reader = reader(caller);
        OccurrenceDetail detail = sessions.occurrenceDetail(caller, occurrenceId, null);
        OccurrenceView o = detail.occurrence();
        String link = "/sessions/occurrences/" + o.id();
        StringBuilder html = open(reader, o.title(), link).append("<h1>").append(escape(o.title())).append("</h1>");
        if ("cancelled".equals(o.status())) {
            html.append("<p><strong>").append(reader.english() ? "Cancelled." : "Annulée.").append("</strong></p>");
        }
        html.append("<p>").append(when(o.startsAt(), reader)).append(" – ").append(when(o.endsAt(), reader)).append("</p>");
        if (o.place() != null) {
            html.append("<p>").append(reader.english() ? "Place: " : "Lieu : ").append(escape(o.place())).append("</p>");
        }
        html.append("<p>").append(o.attending()).append(reader.english() ? " attending" : " participant·es");
        if (o.capacity() != null) {
            html.append(" / ").append(o.capacity());
        }
        html.append("</p>");
        if (detail.description() != null && !detail.description().isBlank()) {
            html.append("<p>").append(escape(detail.description()).replace("\n", "<br>")).append("</p>");
        }
        if (detail.dialIn() != null && !detail.dialIn().isBlank()) {
            html.append("<p>").append(reader.english() ? "By phone: " : "Par téléphone : ").append(escape(detail.dialIn())).append("</p>");
        }
        if (detail.roomUrl() != null) {
            html.append("<p><a href=\"").append(escape(detail.roomUrl())).append("\">").append(reader.english() ? "Join the video room" : "Rejoindre la visio").append("</a></p>");
        }
        return close(html, reader, link);
    }

    private Reader reader(Caller caller) {
        return transactions.executeRead(status -> jdbc.prepareStatement("SELECT language, time_zone FROM app_user WHERE id = ?", ps -> {
            ps.setObject(1, caller.userId());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw ProblemException.notFound();
                }
                ZoneId zone;
                try {
                    zone = ZoneId.of(rs.getString(2));
                } catch (RuntimeException e) {
                    zone = ZoneId.of("Europe/Paris");
                }
                return new Reader("en".equals(rs.getString(1)), zone);
            }
        }));
    }

    private String themeLabel(Caller caller, String slug, Reader reader) {
        return discussions.themes(caller).stream().filter(t -> t.slug().equals(slug)).findFirst()
                .map(t -> reader.english() ? t.labelEn() : t.labelFr()).orElse(slug);
    }

    private static StringBuilder open(Reader reader, String title, String fullPath) {
        return new StringBuilder(4096).append("<!DOCTYPE html><html lang=\"").append(reader.english() ? "en" : "fr")
                .append("\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>")
                .append(escape(title)).append(" – Maillage</title><style>").append(STYLE).append("</style></head><body>")
                .append("<p class=\"meta\">Maillage · ").append(reader.english() ? "light view" : "version légère")
                .append(" · <a href=\"").append(escape(fullPath)).append("\">").append(reader.english() ? "full view" : "version complète")
                .append("</a></p><main>");
    }

    private static String close(StringBuilder html, Reader reader, String fullPath) {
        return html.append("</main><footer><p class=\"meta\"><a href=\"").append(escape(fullPath)).append("\">")
                .append(reader.english() ? "Open the full view" : "Ouvrir la version complète").append("</a> · <a href=\"/light/themes\">")
                .append(reader.english() ? "Themes" : "Thèmes").append("</a></p></footer></body></html>").toString();
    }

    private static String when(java.time.Instant at, Reader reader) {
        if (at == null) {
            return "";
        }
        DateTimeFormatter format = DateTimeFormatter.ofPattern(reader.english() ? "d MMM yyyy, HH:mm" : "d MMM yyyy à HH:mm",
                reader.english() ? Locale.ENGLISH : Locale.FRENCH);
        return "<time datetime=\"" + at + "\">" + escape(format.format(at.atZone(reader.zone()))) + "</time>";
    }

    static String escape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
