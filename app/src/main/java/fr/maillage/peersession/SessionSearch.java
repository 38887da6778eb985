package fr.maillage.peersession;

import fr.maillage.core.security.Caller;
import fr.maillage.discussion.DiscussionSearch;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Search everywhere, the sessions part: series whose title or description match the query,
 * with the French stemming of the discussions, limited to the themes the reader may read
 * (a guest only the themes it was invited to). Each hit points at the series' next
 * occurrence, or its last one when none is to come. Read-only.
 */
@Singleton
public class SessionSearch {
    static final int LIMIT = 20;
    private final JdbcOperations jdbc;
    private final DiscussionSearch words;
    private final SessionAccess access;
    private final Clock clock;

    SessionSearch(JdbcOperations jdbc, DiscussionSearch words, SessionAccess access, Clock clock) {
        this.jdbc = jdbc;
        this.words = words;
        this.access = access;
        this.clock = clock;
    }

    /** One series found; {@code extract}, from its description, is HTML-escaped with {@code <mark>} around the matches. */
    @Serdeable
    public record SessionHit(UUID seriesId, String title, String theme, String extract, UUID occurrenceId,
                             Instant startsAt, String status, boolean upcoming) {
    }

    @Serdeable
    public record SessionHits(String query, List<SessionHit> hits) {
    }

    @Transactional(readOnly = true)
    public SessionHits search(Caller caller, String query) {
        String tsq = words.tsquery(query);
        String q = query.strip();
        if (tsq.isBlank()) {
            return new SessionHits(q, List.of());
        }
        Instant now = clock.instant();
        List<SessionHit> found = jdbc.prepareStatement("""
                SELECT s.id, s.title, s.theme_slug,
                       ts_headline('maillage_fr', CASE WHEN s.description = '' THEN s.title ELSE s.description END, ?::tsquery,
                                   'StartSel=' || chr(1) || ', StopSel=' || chr(2) || ', MaxWords=25, MinWords=8, MaxFragments=1'),
                       o.id, o.starts_at, o.status, o.starts_at >= ?
                FROM session_series s
                CROSS JOIN LATERAL (
                    SELECT x.id, x.starts_at, x.status FROM session_occurrence x WHERE x.series_id = s.id
                    ORDER BY (x.starts_at >= ?) DESC,
                             CASE WHEN x.starts_at >= ? THEN x.starts_at END ASC,
                             x.starts_at DESC
                    LIMIT 1) o
                WHERE to_tsvector('maillage_fr', s.title || ' ' || s.description) @@ ?::tsquery
                ORDER BY o.starts_at >= ? DESC, ts_rank(to_tsvector('maillage_fr', s.title), ?::tsquery) DESC, o.starts_at
                LIMIT 200
                """, ps -> {
            java.sql.Timestamp at = java.sql.Timestamp.from(now);
            ps.setString(1, tsq);
            ps.setTimestamp(2, at);
            ps.setTimestamp(3, at);
            ps.setTimestamp(4, at);
            ps.setString(5, tsq);
            ps.setTimestamp(6, at);
            ps.setString(7, tsq);
            List<SessionHit> list = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(new SessionHit(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                            DiscussionSearch.highlight(rs.getString(4)), rs.getObject(5, UUID.class),
                            rs.getTimestamp(6).toInstant(), rs.getString(7), rs.getBoolean(8)));
                }
            }
            return list;
        });
        // Permissions: the theme's own rule, asked once per theme.
        Map<String, Boolean> readable = new HashMap<>();
        List<SessionHit> hits = new ArrayList<>();
        for (SessionHit hit : found) {
            if (readable.computeIfAbsent(hit.theme(), t -> access.canReadTheme(caller.userId(), t))) {
                hits.add(hit);
                if (hits.size() == LIMIT) {
                    break;
                }
            }
        }
        return new SessionHits(q, hits);
    }
}
