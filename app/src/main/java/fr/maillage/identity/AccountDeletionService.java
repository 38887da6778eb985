package fr.maillage.identity;

import fr.maillage.audit.AuditService;
import fr.maillage.core.error.ProblemException;
import fr.maillage.core.privacy.PersonalData;
import fr.maillage.core.privacy.PersonalData.Erasure;
import fr.maillage.core.ratelimit.FailureCounter;
import fr.maillage.core.security.Caller;
import fr.maillage.core.security.Role;
import fr.maillage.core.security.Tokens;
import fr.maillage.identity.IdentityCommands.DeleteAccountCommand;
import fr.maillage.identity.IdentityCommands.DeleteMyAccountCommand;
import fr.maillage.identity.IdentityRepositories.UserRepository;
import fr.maillage.identity.IdentityRows.UserRow;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Deleting an account (docs/privacy.md), by the person (password and a typed confirmation) or
 * by an administrator on their request (audited). One transaction: every feature's
 * {@link PersonalData#erase} runs, then the account's row becomes an anonymised tombstone
 * (posts and documents keep pointing at it and read "Ancien membre"), its sessions end and,
 * once committed, its sockets close on every node. The e-mail address is free again at once.
 */
@Singleton
public class AccountDeletionService {
    private static final Logger LOG = LoggerFactory.getLogger(AccountDeletionService.class);
    /** What a deleted account is called wherever its posts or documents still show. */
    public static final String FORMER_MEMBER = "Ancien membre";
    /** The typed confirmations accepted (the web client asks for the word of its language). */
    static final Set<String> CONFIRMATIONS = Set.of("SUPPRIMER", "DELETE");

    private final UserRepository users;
    private final Passwords passwords;
    private final SessionEndings endings;
    private final List<PersonalData> features;
    private final AuditService audit;
    private final FailureCounter failures;
    private final IdentityConfig config;
    private final JdbcOperations jdbc;
    private final Clock clock;

    AccountDeletionService(UserRepository users, Passwords passwords, SessionEndings endings, List<PersonalData> features,
                           AuditService audit, FailureCounter failures, IdentityConfig config, JdbcOperations jdbc, Clock clock) {
        this.users = users;
        this.passwords = passwords;
        this.endings = endings;
        this.features = features;
        this.audit = audit;
        this.failures = failures;
        this.config = config;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The person deletes their own account. A wrong password counts like a failed sign-in. */
    @Transactional
    public void deleteMine(Caller caller, DeleteMyAccountCommand command) {
        requireConfirmation(command.confirmation());
        String throttle = "deletion:account:" + caller.userId();
        long locked = failures.waitSeconds(throttle);
        if (locked > 0) {
            throw ProblemException.tooManyAttempts(locked);
        }
        List<UserRow> administrators = users.lockAdministrators();
        UserRow user = lockLiving(caller.userId());
        if (!passwords.matches(command.password(), user.passwordHash())) {
            failures.recordBackoffFailure(throttle, config.pairBackoff());
            throw ProblemException.invalid("password", "is not your password");
        }
        failures.resetBackoff(throttle);
        erase(user, administrators, "delete".equals(command.posts()), null);
        LOG.info("account deleted by its owner userId={} posts={}", user.id(), command.posts());
    }

    /** An administrator deletes someone's account (on their request); the audit log keeps who and when. */
    @Transactional
    public void deleteByAdministrator(Caller caller, UUID userId, DeleteAccountCommand command) {
        caller.requireRole(Role.ADMINISTRATOR);
        requireConfirmation(command.confirmation());
        List<UserRow> administrators = users.lockAdministrators();
        if (administrators.stream().noneMatch(a -> a.id().equals(caller.userId()))) {
            throw ProblemException.forbidden("You are no longer an administrator");
        }
        UserRow user = lockLiving(userId);
        audit.record(caller, "identity.account_deleted", AuditService.Target.person(userId, user.displayName()),
                Map.of("role", user.role()), Map.of("posts", command.posts()));
        erase(user, administrators, "delete".equals(command.posts()), caller.userId().equals(userId) ? null : caller.userId());
        LOG.info("account deleted by administrator userId={} by={} posts={}", userId, caller.userId(), command.posts());
    }

    private void erase(UserRow user, List<UserRow> administrators, boolean deletePosts, UUID preferredHeir) {
        boolean activeAdministrator = administrators.stream().anyMatch(a -> a.id().equals(user.id()));
        if (activeAdministrator && administrators.size() <= 1) {
            throw ProblemException.conflict("Maillage needs at least one active administrator: name another one first");
        }
        UUID heir = preferredHeir != null ? preferredHeir : administrators.stream()
                .filter(a -> !a.id().equals(user.id()))
                .min(Comparator.comparing(UserRow::createdAt).thenComparing(UserRow::id))
                .map(UserRow::id)
                .orElse(null);
        Instant now = clock.instant();
        Erasure erasure = new Erasure(user.id(), user.email(), deletePosts, heir, now);
        for (PersonalData feature : features) {
            feature.erase(erasure);
        }
        endings.endAll(user.id(), "account-deleted");
        update("DELETE FROM password_reset WHERE user_id = ?", user.id());
        update("UPDATE invitation SET revoked_at = ? WHERE accepted_at IS NULL AND revoked_at IS NULL "
                + "AND (invited_by = ? OR lower(email) = lower(?))", Timestamp.from(now), user.id(), user.email());
        // Invitations name the address and may carry a personal message: neither stays.
        update("UPDATE invitation SET email = NULL, message = NULL WHERE accepted_user_id = ? OR lower(email) = lower(?)",
                user.id(), user.email());
        update("""
                UPDATE app_user SET email = ?, display_name = ?, role = 'member', password_hash = ?, territory_code = NULL,
                    time_zone = 'Europe/Paris', language = 'fr', last_seen_at = NULL, updated_at = ?, deactivated_at = ?,
                    deleted_at = ? WHERE id = ?""",
                tombstoneEmail(user.id()), FORMER_MEMBER, passwords.hash(Tokens.newToken()), Timestamp.from(now),
                Timestamp.from(now), Timestamp.from(now), user.id());
    }

    /** Locks the account's row: a second deletion of the same account waits, then finds it gone. */
    private UserRow lockLiving(UUID userId) {
        boolean living = Boolean.TRUE.equals(jdbc.prepareStatement(
                "SELECT deleted_at IS NULL FROM app_user WHERE id = ? FOR UPDATE", ps -> {
                    ps.setObject(1, userId);
                    try (var rs = ps.executeQuery()) {
                        return rs.next() ? rs.getBoolean(1) : null;
                    }
                }));
        if (!living) {
            throw ProblemException.notFound();
        }
        return users.findById(userId).orElseThrow(ProblemException::notFound);
    }

    private static void requireConfirmation(String confirmation) {
        if (confirmation == null || !CONFIRMATIONS.contains(confirmation.strip().toUpperCase(Locale.ROOT))) {
            throw ProblemException.invalid("confirmation", "type SUPPRIMER (or DELETE) to confirm");
        }
    }

    /** Never a deliverable address (.invalid is reserved), unique per account, free of the person's own. */
    static String tombstoneEmail(UUID userId) {
        return "deleted-" + userId + "@deleted.invalid";
    }

    private void update(String sql, Object... args) {
        jdbc.prepareStatement(sql, ps -> {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        });
    }
}
