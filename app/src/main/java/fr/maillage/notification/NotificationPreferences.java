package fr.maillage.notification;

import fr.maillage.core.error.ProblemException;
import fr.maillage.core.security.Caller;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.UUID;

/** Each person's e-mail preferences, and the one-click unsubscribe that changes them without a session. */
@Singleton
public class NotificationPreferences {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationPreferences.class);

    private final JdbcOperations jdbc;
    private final UnsubscribeTokens tokens;
    private final Clock clock;

    NotificationPreferences(JdbcOperations jdbc, UnsubscribeTokens tokens, Clock clock) {
        this.jdbc = jdbc;
        this.tokens = tokens;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public EmailPreferences get(Caller caller) {
        return of(caller.userId());
    }

    @Transactional
    public EmailPreferences update(Caller caller, EmailPreferences preferences) {
        if ((preferences.quietFrom() == null) != (preferences.quietTo() == null)) {
            throw ProblemException.invalid("quietTo", "give both ends of the quiet hours, or neither");
        }
        save(caller.userId(), preferences);
        LOG.info("email preferences saved userId={} digest={}", caller.userId(), preferences.digest());
        return of(caller.userId());
    }

    /** Turns off the list the signed link names, for the person it names; any other token is not found. */
    @Transactional
    public String unsubscribe(String token) {
        UnsubscribeTokens.Subscription subscription = tokens.verify(token).filter(s -> exists(s.userId()))
                .orElseThrow(ProblemException::notFound);
        EmailPreferences now = of(subscription.userId());
        EmailPreferences changed = UnsubscribeTokens.DIGEST.equals(subscription.list())
                ? new EmailPreferences("none", now.digestHour(), now.digestWeekday(), now.urgentImmediately(), now.quietFrom(), now.quietTo())
                : new EmailPreferences(now.digest(), now.digestHour(), now.digestWeekday(), false, now.quietFrom(), now.quietTo());
        save(subscription.userId(), changed);
        LOG.info("unsubscribed userId={} list={}", subscription.userId(), subscription.list());
        return subscription.list();
    }

    /** Read inside the caller's transaction. */
    EmailPreferences of(UUID userId) {
        return jdbc.prepareStatement("SELECT digest, digest_hour, digest_weekday, urgent_immediately, quiet_from, quiet_to "
                + "FROM notification_preference WHERE user_id = ?", ps -> {
            ps.setObject(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return EmailPreferences.DEFAULTS;
                }
                return new EmailPreferences(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getBoolean(4),
                        (Integer) rs.getObject(5, Integer.class), (Integer) rs.getObject(6, Integer.class));
            }
        });
    }

    private boolean exists(UUID userId) {
        return jdbc.prepareStatement("SELECT 1 FROM app_user WHERE id = ? AND deleted_at IS NULL", ps -> {
            ps.setObject(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        });
    }

    private void save(UUID userId, EmailPreferences p) {
        jdbc.prepareStatement("""
                INSERT INTO notification_preference (user_id, digest, digest_hour, digest_weekday, urgent_immediately, quiet_from, quiet_to, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (user_id) DO UPDATE SET digest = EXCLUDED.digest, digest_hour = EXCLUDED.digest_hour,
                    digest_weekday = EXCLUDED.digest_weekday, urgent_immediately = EXCLUDED.urgent_immediately,
                    quiet_from = EXCLUDED.quiet_from, quiet_to = EXCLUDED.quiet_to, updated_at = EXCLUDED.updated_at
                """, ps -> {
            ps.setObject(1, userId);
            ps.setString(2, p.digest());
            ps.setInt(3, p.digestHour());
            ps.setInt(4, p.digestWeekday());
            ps.setBoolean(5, p.urgentImmediately());
            ps.setObject(6, p.quietFrom());
            ps.setObject(7, p.quietTo());
            ps.setTimestamp(8, Timestamp.from(clock.instant()));
            return ps.executeUpdate();
        });
    }
}
