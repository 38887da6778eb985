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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * French search over posts and thread titles, limited to the themes the reader may see.
 * Extracts are highlighted with {@code <mark>}; everything else in them is HTML-escaped.
 */
@Singleton
public class DiscussionSearch {
    static final int MAX_QUERY = 200;
    static final int PAGE = 20;
    /** How many of the newest matching posts (and matching titles) are ranked: see docs/performance.md. */
    static final int CANDIDATES = 50;
    /** Sizes of the windows of newest posts searched one after the other (then all older posts). */
    static final int[] WINDOWS = {5_000, 50_000};
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
        String tsq = tsquery(q);
        // The query is computed once and then passed as a constant, so that PostgreSQL plans
        // each statement knowing the words (a generic plan cannot; see docs/performance.md).
        jdbc.prepareStatement("SET LOCAL plan_cache_mode = force_custom_plan", ps -> ps.execute());
        List<String> themes = readableThemes(caller, theme);
        if (tsq.isBlank() || themes.isEmpty()) {
            return new SearchPage(q, List.of());
        }
        Filters filters = Filters.of(author, from, to, solved);
        Set<UUID> candidates = new LinkedHashSet<>(newestMatchingPosts(tsq, themes, filters));
        candidates.addAll(threadsByTitle(tsq, themes, filters));
        if (candidates.isEmpty()) {
            return new SearchPage(q, List.of());
        }
        List<SearchHit> hits = jdbc.prepareStatement("""
                SELECT d.id, d.title, d.theme_slug, p.id, u.display_name, p.created_at, d.solved_post_id IS NOT NULL,
                       ts_headline('maillage_fr', p.body, ?::tsquery,
                                   'StartSel=' || chr(1) || ', StopSel=' || chr(2) || ', MaxWords=30, MinWords=10, MaxFragments=2'),
                       ts_rank(p.search, ?::tsquery) + 2 * ts_rank(d.search, ?::tsquery) AS rank
                FROM discussion_post p
                JOIN discussion_thread d ON d.id = p.thread_id
                JOIN app_user u ON u.id = p.author_id
                WHERE p.id = ANY (?) AND p.hidden_at IS NULL
                ORDER BY rank DESC, p.created_at DESC
                LIMIT\s""" + PAGE, ps -> {
            ps.setString(1, tsq);
            ps.setString(2, tsq);
            ps.setString(3, tsq);
            ps.setArray(4, ps.getConnection().createArrayOf("uuid", candidates.toArray()));
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

    /**
     * The French query as PostgreSQL tsquery text (acronyms by either form, hyphenated words by
     * their parts, plurals in -x), for other features searching their own text the same way
     * ({@code to_tsvector('maillage_fr', …) @@ ?::tsquery}). Blank when no word remains.
     */
    @Transactional(readOnly = true)
    public String tsquery(String query) {
        String q = query == null ? "" : query.strip();
        if (q.isEmpty() || q.length() > MAX_QUERY) {
            throw ProblemException.invalid("q", "give 1 to " + MAX_QUERY + " characters");
        }
        // Acronyms match by either form: (ESS | économie <-> sociale <-> solidaire) AND the rest.
        Acronyms.Split split = Acronyms.split(q);
        List<String> parts = new ArrayList<>();
        List<String> args = new ArrayList<>();
        if (!split.rest().isBlank()) {
            String words = restQuery(split.rest(), args);
            // Words that are part of an acronym's expansion ("quartier prioritaire") also find
            // the posts that only use the acronym (QPV).
            for (String acronym : Acronyms.partOf(split.rest())) {
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
            args.add(Acronyms.EXPANSIONS.get(acronym));
        }
        String tsquery = parts.isEmpty() ? "websearch_to_tsquery('maillage_fr', '')" : String.join(" && ", parts);
        return jdbc.prepareStatement("SELECT (" + tsquery + ")::text", ps -> {
            for (int i = 0; i < args.size(); i++) {
                ps.setString(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        });
    }

    /**
     * The tsquery of the words that are not acronyms, its values appended to {@code args}.
     * A query using web-search syntax (quotes, "or", -word) is left to websearch_to_tsquery.
     * Otherwise each word must match, hyphenated words by their parts ("tiers-lieux" finds
     * "tiers-lieu"), and a plural in -x by its singular and back ("lieux" / "lieu"), which the
     * French stemmer does not fold.
     */
    static String restQuery(String rest, List<String> args) {
        String lower = rest.toLowerCase(java.util.Locale.ROOT);
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
            String folded = Acronyms.fold(word);
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

    /**
     * The {@link #CANDIDATES} newest posts that match, found window by window so that no plan
     * reads every match of a common word: first the newest {@link #WINDOWS}[0] posts, walked
     * newest first (a common word fills the list there); then older windows where PostgreSQL
     * picks between that walk and the GIN index (a rare word has few matches to fetch).
     */
    private List<UUID> newestMatchingPosts(String query, List<String> themes, Filters filters) {
        List<UUID> found = new ArrayList<>();
        Timestamp upper = null;
        for (int window = 0; window <= WINDOWS.length && found.size() < CANDIDATES; window++) {
            Timestamp lower = window < WINDOWS.length ? windowStart(WINDOWS[window]) : null;
            // The function form of @@ is not indexable: in the first window it forces the walk.
            String match = window == 0 ? "ts_match_vq(p.search, ?::tsquery)" : "p.search @@ ?::tsquery";
            StringBuilder sql = new StringBuilder("SELECT p.id FROM discussion_post p JOIN discussion_thread d ON d.id = p.thread_id WHERE ")
                    .append(match).append(" AND p.deleted_at IS NULL AND d.theme_slug = ANY (?)");
            List<Object> values = new ArrayList<>(List.of(query, themes));
            if (lower != null) {
                sql.append(" AND p.created_at >= ?");
                values.add(lower);
            }
            if (upper != null) {
                sql.append(" AND p.created_at < ?");
                values.add(upper);
            }
            sql.append(filters.sql("p", "d")).append(" ORDER BY p.created_at DESC LIMIT ").append(CANDIDATES - found.size());
            values.addAll(filters.values());
            found.addAll(ids(sql.toString(), values));
            if (lower == null) {
                break;
            }
            upper = lower;
        }
        return found;
    }

    /** The first posts of the {@link #CANDIDATES} most recently active threads whose title matches. */
    private List<UUID> threadsByTitle(String query, List<String> themes, Filters filters) {
        List<Object> values = new ArrayList<>(List.of(query, themes));
        values.addAll(filters.values());
        String firstPost = """
                CROSS JOIN LATERAL (SELECT p.id, p.author_id, p.created_at, p.deleted_at FROM discussion_post p
                                    WHERE p.thread_id = d.id ORDER BY p.created_at, p.id LIMIT 1) f""";
        if (!filters.onPosts()) {
            // Only the threads kept need their first post: a common word matches many titles.
            return ids("SELECT f.id FROM (SELECT d.id, d.last_post_at FROM discussion_thread d "
                    + "WHERE d.search @@ ?::tsquery AND d.theme_slug = ANY (?)" + filters.sql("f", "d")
                    + " ORDER BY d.last_post_at DESC LIMIT " + CANDIDATES + ") d " + firstPost
                    + " WHERE f.deleted_at IS NULL ORDER BY d.last_post_at DESC", values);
        }
        return ids("SELECT f.id FROM discussion_thread d " + firstPost
                + " WHERE d.search @@ ?::tsquery AND d.theme_slug = ANY (?) AND f.deleted_at IS NULL" + filters.sql("f", "d")
                + " ORDER BY d.last_post_at DESC LIMIT " + CANDIDATES, values);
    }

    /** The creation time of the {@code size}-th newest post, or null when there are fewer. */
    private Timestamp windowStart(int size) {
        return jdbc.prepareStatement("SELECT created_at FROM discussion_post WHERE deleted_at IS NULL ORDER BY created_at DESC OFFSET ? LIMIT 1", ps -> {
            ps.setInt(1, size - 1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getTimestamp(1) : null;
            }
        });
    }

    private List<UUID> ids(String sql, List<Object> values) {
        return jdbc.prepareStatement(sql, ps -> {
            int i = 1;
            for (Object value : values) {
                if (value instanceof List<?> list) {
                    ps.setArray(i++, ps.getConnection().createArrayOf("text", list.toArray()));
                } else {
                    ps.setObject(i++, value);
                }
            }
            List<UUID> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
            return ids;
        });
    }

    /** The optional filters, added to the SQL only when given. */
    private record Filters(@Nullable UUID author, @Nullable Instant from, @Nullable Instant to, @Nullable Boolean solved) {
        static Filters of(@Nullable UUID author, @Nullable Instant from, @Nullable Instant to, @Nullable Boolean solved) {
            return new Filters(author, from, to, solved);
        }

        /** True when a filter applies to the post itself (not only to its thread). */
        boolean onPosts() {
            return author != null || from != null || to != null;
        }

        String sql(String post, String thread) {
            StringBuilder sql = new StringBuilder();
            if (author != null) {
                sql.append(" AND ").append(post).append(".author_id = ?");
            }
            if (from != null) {
                sql.append(" AND ").append(post).append(".created_at >= ?");
            }
            if (to != null) {
                sql.append(" AND ").append(post).append(".created_at < ?");
            }
            if (solved != null) {
                sql.append(" AND ").append(thread).append(solved ? ".solved_post_id IS NOT NULL" : ".solved_post_id IS NULL");
            }
            return sql.toString();
        }

        List<Object> values() {
            List<Object> values = new ArrayList<>();
            if (author != null) {
                values.add(author);
            }
            if (from != null) {
                values.add(Timestamp.from(from));
            }
            if (to != null) {
                values.add(Timestamp.from(to));
            }
            return values;
        }
    }

    /** The themes the caller may read, narrowed to {@code theme} when given. */
    private List<String> readableThemes(Caller caller, @Nullable String theme) {
        return jdbc.prepareStatement("""
                SELECT t.slug FROM theme t
                WHERE NOT t.archived AND (?::text IS NULL OR t.slug = ?)
                  AND (? <> 'guest' OR EXISTS (SELECT 1 FROM theme_guest g WHERE g.theme_slug = t.slug AND g.user_id = ?))
                """, ps -> {
            ps.setString(1, theme);
            ps.setString(2, theme);
            ps.setString(3, caller.role().wire());
            ps.setObject(4, caller.userId());
            List<String> slugs = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    slugs.add(rs.getString(1));
                }
            }
            return slugs;
        });
    }

    /** A ts_headline made with StartSel chr(1) and StopSel chr(2), escaped, with {@code <mark>} around matches. */
    public static String highlight(String headline) {
        String escaped = headline.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
        return escaped.replace(START, "<mark>").replace(STOP, "</mark>");
    }
}
