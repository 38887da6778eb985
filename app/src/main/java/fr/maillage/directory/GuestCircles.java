package fr.maillage.directory;

import fr.maillage.core.security.GuestCircle;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * The one definition of what a guest sees: members (not other guests) of the themes it was
 * invited to (who wrote in or follow them, and the facilitators and administrators who animate
 * them), everyone (guests included) of the workspaces it belongs to, and itself.
 */
@Singleton
public class GuestCircles implements GuestCircle {
    /** A condition on {@code u} (app_user) taking the guest's id three times. */
    static final String CONDITION = """
            (u.id = ?
             OR (u.role <> 'guest' AND EXISTS (SELECT 1 FROM theme_guest g WHERE g.user_id = ? AND (u.role IN ('administrator', 'facilitator')
                OR EXISTS (SELECT 1 FROM discussion_post dp JOIN discussion_thread dt ON dt.id = dp.thread_id
                           WHERE dt.theme_slug = g.theme_slug AND dp.author_id = u.id)
                OR EXISTS (SELECT 1 FROM discussion_follow f WHERE f.user_id = u.id AND f.target_kind = 'theme'
                           AND f.target = g.theme_slug AND f.level IN ('following', 'mailing_list')))))
             OR EXISTS (SELECT 1 FROM workspace_member mine JOIN workspace_member theirs ON theirs.workspace_id = mine.workspace_id
                        WHERE mine.user_id = ? AND theirs.user_id = u.id))""";
    static final int PARAMETERS = 3;

    private final JdbcOperations jdbc;

    GuestCircles(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    @Transactional(readOnly = true)
    public Set<UUID> of(UUID guestId) {
        return jdbc.prepareStatement("SELECT u.id FROM app_user u WHERE " + CONDITION, ps -> {
            for (int i = 1; i <= PARAMETERS; i++) {
                ps.setObject(i, guestId);
            }
            Set<UUID> ids = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
            return ids;
        });
    }
}
