package fr.maillage.resource;

import fr.maillage.core.socket.StreamAccess;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.util.UUID;
import java.util.List;

/**
 * The review queue's stream {@code resources:review} ("resource.submitted", "resource.reviewed")
 * is read by the people who animate the network, like the moderation queue.
 */
@Singleton
public class ResourceAccess implements StreamAccess {
    static final String REVIEW_STREAM = "resources:review";
    private final JdbcOperations jdbc;

    ResourceAccess(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<String> prefixes() {
        return List.of(REVIEW_STREAM);
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
