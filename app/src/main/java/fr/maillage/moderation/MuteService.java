package fr.maillage.moderation;

import fr.maillage.core.error.ProblemException;
import fr.maillage.core.security.Caller;
import fr.maillage.moderation.ModerationViews.MutedPerson;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * People one has muted: their posts are collapsed in one's own view of threads (the web client
 * filters with this list). Nothing is hidden from anybody else, and the muted person is not told.
 */
@Singleton
public class MuteService {
    static final int MAX_MUTES = 500;

    private final JdbcOperations jdbc;
    private final Clock clock;

    MuteService(JdbcOperations jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<MutedPerson> list(Caller caller) {
        return jdbc.prepareStatement("SELECT u.id, u.display_name, m.created_at FROM moderation_mute m JOIN app_user u ON u.id = m.muted_id "
                + "WHERE m.user_id = ? ORDER BY u.display_name, u.id", ps -> {
            ps.setObject(1, caller.userId());
            List<MutedPerson> list = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(new MutedPerson(rs.getObject(1, UUID.class), rs.getString(2), rs.getTimestamp(3).toInstant()));
                }
            }
            return list;
        });
    }

    /** Idempotent: muting someone already muted changes nothing. 404 for nobody; 400 for oneself. */
    @Transactional
    public void mute(Caller caller, UUID userId) {
        if (caller.userId().equals(userId)) {
            throw ProblemException.invalid("userId", "you cannot mute yourself");
        }
        boolean exists = jdbc.prepareStatement("SELECT 1 FROM app_user WHERE id = ?", ps -> {
            ps.setObject(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        });
        if (!exists) {
            throw ProblemException.notFound();
        }
        int count = jdbc.prepareStatement("SELECT COUNT(*) FROM moderation_mute WHERE user_id = ?", ps -> {
            ps.setObject(1, caller.userId());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
        if (count >= MAX_MUTES) {
            throw ProblemException.conflict("You cannot mute more than " + MAX_MUTES + " people");
        }
        jdbc.prepareStatement("INSERT INTO moderation_mute (user_id, muted_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", ps -> {
            ps.setObject(1, caller.userId());
            ps.setObject(2, userId);
            ps.setTimestamp(3, Timestamp.from(clock.instant()));
            return ps.executeUpdate();
        });
    }

    @Transactional
    public void unmute(Caller caller, UUID userId) {
        jdbc.prepareStatement("DELETE FROM moderation_mute WHERE user_id = ? AND muted_id = ?", ps -> {
            ps.setObject(1, caller.userId());
            ps.setObject(2, userId);
            return ps.executeUpdate();
        });
    }
}
