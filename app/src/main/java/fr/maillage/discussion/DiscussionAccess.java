package fr.maillage.discussion;

import fr.maillage.core.socket.StreamAccess;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.util.UUID;
import java.util.List;

/**
 * Who reads which theme: every member, facilitator and administrator reads every theme that
 * is not archived; a guest reads only the themes it was invited to.
 */
@Singleton
public class DiscussionAccess implements StreamAccess {
    static final String PREFIX = "theme:";
    private final JdbcOperations jdbc;

    DiscussionAccess(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<String> prefixes() {
        return List.of(PREFIX);
    }

    @Override
    @Transactional(readOnly = true)
    public boolean canRead(UUID userId, String stream) {
        return canReadTheme(userId, stream.substring(PREFIX.length()));
    }

    @Transactional(readOnly = true)
    public boolean canReadTheme(UUID userId, String slug) {
        return jdbc.prepareStatement("""
                SELECT 1 FROM theme t JOIN app_user u ON u.id = ?
                WHERE t.slug = ? AND NOT t.archived
                  AND (u.role <> 'guest' OR EXISTS (SELECT 1 FROM theme_guest g WHERE g.theme_slug = t.slug AND g.user_id = u.id))
                """, ps -> {
            ps.setObject(1, userId);
            ps.setString(2, slug);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        });
    }

    static String stream(String slug) {
        return PREFIX + slug;
    }
}
