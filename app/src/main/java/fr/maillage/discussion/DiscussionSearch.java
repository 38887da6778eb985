package fr.maillage.discussion;

import fr.maillage.core.error.ProblemException;
import fr.maillage.core.security.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * French search over posts and thread titles, limited to the themes the reader may see.
 * Extracts are highlighted with {@code <mark>}; everything else in them is HTML-escaped.
 */
@Singleton
public class DiscussionSearch {
    static final int MAX_QUERY = 200;
    static final int PAGE = 20;
    // Markers PostgreSQL puts around matches; control characters never appear in escaped text.
    private static final String START = "\u0001";
    private static final String STOP = "\u0002";

    private final JdbcOperations jdbc;

    DiscussionSearch(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    @Serdeable
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
    public record SearchHit(UUID threadId, String threadTitle, String theme, UUID postId, String authorName,
                            Instant createdAt, boolean solved, String extract) {
    }

    @Serdeable
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
    public record SearchPage(String query, List<SearchHit> hits) {
    }

    @Transactional(readOnly = true)
    public SearchPage search(Caller caller, String query, @Nullable String theme, @Nullable UUID author,
                             @Nullable Instant from, @Nullable Instant to, @Nullable Boolean solved) {
        String q = query == null ? "" : query.strip();
        if (q.isEmpty() || q.length() > MAX_QUERY) {
            throw ProblemException.invalid("q", "give 1 to " + MAX_QUERY + " characters");
        }
        // Acronyms match by either form: (ESS | économie <-> sociale <-> solidaire) AND the rest.
        Acronyms.Split split = Acronyms.split(q);
        List<String> parts = new ArrayList<>();
        List<String> args = new ArrayList<>();
        if (!split.rest().isBlank()) {
            parts.add("websearch_to_tsquery('maillage_fr', ?)");
            args.add(split.rest());
        }
        for (String acronym : split.acronyms()) {
            parts.add("(plainto_tsquery('maillage_fr', ?) || phraseto_tsquery('maillage_fr', ?))");
            args.add(acronym);
            args.add(Acronyms.EXPANSIONS.get(acronym));
        }
        String tsquery = parts.isEmpty() ? "websearch_to_tsquery('maillage_fr', '')" : String.join(" && ", parts);
        String sql = """
                WITH q AS (SELECT %s AS query)""".formatted(tsquery) + """

                SELECT d.id, d.title, d.theme_slug, p.id, u.display_name, p.created_at, d.solved_post_id IS NOT NULL,
                       ts_headline('maillage_fr', p.body, q.query,
                                   'StartSel=' || chr(1) || ', StopSel=' || chr(2) || ', MaxWords=30, MinWords=10, MaxFragments=2'),
                       ts_rank(p.search, q.query) + 2 * ts_rank(d.search, q.query) AS rank
                FROM q, discussion_post p
                JOIN discussion_thread d ON d.id = p.thread_id
                JOIN theme t ON t.slug = d.theme_slug AND NOT t.archived
                JOIN app_user u ON u.id = p.author_id
                WHERE p.deleted_at IS NULL
                  AND (p.search @@ q.query OR (d.search @@ q.query AND p.id = (
                        SELECT f.id FROM discussion_post f WHERE f.thread_id = d.id ORDER BY f.created_at, f.id LIMIT 1)))
                  AND (? <> 'guest' OR EXISTS (SELECT 1 FROM theme_guest g WHERE g.theme_slug = t.slug AND g.user_id = ?))
                  AND (?::text IS NULL OR d.theme_slug = ?)
                  AND (?::uuid IS NULL OR p.author_id = ?)
                  AND (?::timestamptz IS NULL OR p.created_at >= ?)
                  AND (?::timestamptz IS NULL OR p.created_at < ?)
                  AND (?::boolean IS NULL OR (d.solved_post_id IS NOT NULL) = ?)
                ORDER BY rank DESC, p.created_at DESC
                LIMIT\s""" + PAGE;
        List<SearchHit> hits = jdbc.prepareStatement(sql, ps -> {
            int i = 1;
            for (String arg : args) {
                ps.setString(i++, arg);
            }
            ps.setString(i++, caller.role().wire());
            ps.setObject(i++, caller.userId());
            ps.setString(i++, theme);
            ps.setString(i++, theme);
            ps.setObject(i++, author);
            ps.setObject(i++, author);
            ps.setTimestamp(i++, from == null ? null : Timestamp.from(from));
            ps.setTimestamp(i++, from == null ? null : Timestamp.from(from));
            ps.setTimestamp(i++, to == null ? null : Timestamp.from(to));
            ps.setTimestamp(i++, to == null ? null : Timestamp.from(to));
            ps.setObject(i++, solved, java.sql.Types.BOOLEAN);
            ps.setObject(i, solved, java.sql.Types.BOOLEAN);
            List<SearchHit> list = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(new SearchHit(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                            rs.getObject(4, UUID.class), rs.getString(5), rs.getTimestamp(6).toInstant(), rs.getBoolean(7),
                            highlight(rs.getString(8))));
                }
            }
            return list;
        });
        return new SearchPage(q, hits);
    }

    static String highlight(String headline) {
        String escaped = headline.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
        return escaped.replace(START, "<mark>").replace(STOP, "</mark>");
    }
}
