package fr.maillage.notification;

import fr.maillage.core.error.ProblemException;
import fr.maillage.core.security.Caller;
import fr.maillage.core.security.Role;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.util.UUID;

/**
 * The {@link Caller} an e-mail reply acts as: the person its reply address was made for, with
 * their role as it is now (a demoted or deactivated person's old e-mails lose their power).
 * No session: a reply is judged like a command of that person's, nothing more.
 */
@Singleton
public class EmailCallers {
    private final JdbcOperations jdbc;

    EmailCallers(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public Caller of(UUID userId) {
        return jdbc.prepareStatement("SELECT role FROM app_user WHERE id = ? AND deactivated_at IS NULL", ps -> {
            ps.setObject(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw ProblemException.notFound();
                }
                return new Caller(userId, Role.fromWire(rs.getString(1)).orElseThrow(), null, null);
            }
        });
    }
}
