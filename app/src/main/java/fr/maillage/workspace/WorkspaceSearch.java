package fr.maillage.workspace;

import fr.maillage.core.security.Caller;
import fr.maillage.discussion.DiscussionSearch;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Search everywhere, the workspaces part: workspaces by name or purpose and documents by title,
 * with the French stemming of the discussions, only in the workspaces the reader is a member
 * of (the rule of {@link WorkspaceAccess}). Read-only.
 */
@Singleton
public class WorkspaceSearch {
    static final int LIMIT = 20;
    private final JdbcOperations jdbc;
    private final DiscussionSearch words;

    WorkspaceSearch(JdbcOperations jdbc, DiscussionSearch words) {
        this.jdbc = jdbc;
        this.words = words;
    }

    /**
     * One workspace ({@code kind} "workspace", {@code documentId} null) or document ("document")
     * found; {@code extract} (a workspace's purpose, empty for a document: its title is all
     * that matched) is HTML-escaped with {@code <mark>} around the matches.
     */
    @Serdeable
    public record PlaceHit(String kind, UUID workspaceId, String workspaceName, @Nullable UUID documentId,
                           String title, String extract) {
    }

    @Serdeable
    public record PlaceHits(String query, List<PlaceHit> hits) {
    }

    @Transactional(readOnly = true)
    public PlaceHits search(Caller caller, String query) {
        String tsq = words.tsquery(query);
        String q = query.strip();
        if (tsq.isBlank()) {
            return new PlaceHits(q, List.of());
        }
        return new PlaceHits(q, jdbc.prepareStatement("""
                SELECT * FROM (
                    SELECT 'workspace' AS kind, w.id AS workspace_id, w.name AS workspace_name, NULL::uuid AS document_id,
                           w.name AS title,
                           ts_headline('maillage_fr', w.purpose, ?::tsquery,
                                       'StartSel=' || chr(1) || ', StopSel=' || chr(2) || ', MaxWords=25, MinWords=8, MaxFragments=1') AS extract,
                           2 * ts_rank(to_tsvector('maillage_fr', w.name || ' ' || w.purpose), ?::tsquery) AS rank, w.created_at AS at
                    FROM workspace w JOIN workspace_member m ON m.workspace_id = w.id AND m.user_id = ?
                    WHERE to_tsvector('maillage_fr', w.name || ' ' || w.purpose) @@ ?::tsquery
                    UNION ALL
                    SELECT 'document', w.id, w.name, d.id, d.title,
                           ?::text,
                           ts_rank(to_tsvector('maillage_fr', d.title), ?::tsquery), d.created_at
                    FROM workspace_document d
                    JOIN workspace w ON w.id = d.workspace_id
                    JOIN workspace_member m ON m.workspace_id = w.id AND m.user_id = ?
                    WHERE to_tsvector('maillage_fr', d.title) @@ ?::tsquery
                ) found
                ORDER BY rank DESC, at DESC
                LIMIT\s""" + LIMIT, ps -> {
            ps.setString(1, tsq);
            ps.setString(2, tsq);
            ps.setObject(3, caller.userId());
            ps.setString(4, tsq);
            ps.setString(5, "");
            ps.setString(6, tsq);
            ps.setObject(7, caller.userId());
            ps.setString(8, tsq);
            List<PlaceHit> list = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(new PlaceHit(rs.getString(1), rs.getObject(2, UUID.class), rs.getString(3),
                            rs.getObject(4, UUID.class), rs.getString(5), DiscussionSearch.highlight(rs.getString(6))));
                }
            }
            return list;
        }));
    }
}
