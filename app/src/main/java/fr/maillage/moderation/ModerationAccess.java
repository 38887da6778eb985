package fr.maillage.moderation;

import fr.maillage.core.socket.StreamAccess;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.util.UUID;
import java.util.List;

/**
 * The moderation queue's stream is read by the people who animate the network (active
 * facilitators and administrators); a demoted or deactivated one loses it at the next check.
 */
@Singleton
public class ModerationAccess implements StreamAccess {
    static final String STREAM = "moderation";
    private final JdbcOperations jdbc;

    ModerationAccess(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<String> prefixes() {
        return List.of(STREAM);
    }

    @Override
    @Transactional(readOnly = true)
    public boolean canRead(UUID userId, String stream) {
        return jdbc.prepareStatement("SELECT 1 FROM app_user WHERE id = ? AND role IN ('administrator', 'facilitator') "
                + "AND deactivated_at IS NULL", ps -> {
            ps.setObject(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        });
    }
}
