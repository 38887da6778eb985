package fr.maillage.identity;

import fr.maillage.core.error.ProblemException;
import fr.maillage.core.error.ProblemType;
import fr.maillage.core.ratelimit.FailureCounter;
import fr.maillage.core.security.Tokens;
import fr.maillage.identity.IdentityRepositories.PasswordResetRepository;
import fr.maillage.identity.IdentityRepositories.SessionRepository;
import fr.maillage.identity.IdentityRepositories.UserRepository;
import fr.maillage.identity.IdentityRows.PasswordResetRow;
import fr.maillage.identity.IdentityRows.UserRow;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** "Forgot my password": a one-hour, single-use link by e-mail. */
@Singleton
public class PasswordResetService {
    private static final Logger LOG = LoggerFactory.getLogger(PasswordResetService.class);
    // At most this many reset mails per account per hour, so the form cannot flood a mailbox.
    static final int MAX_REQUESTS_PER_HOUR = 5;

    private final PasswordResetRepository resets;
    private final UserRepository users;
    private final SessionRepository sessions;
    private final SessionEndings endings;
    private final Passwords passwords;
    private final IdentityMails mails;
    private final FailureCounter counter;
    private final IdentityConfig config;
    private final Clock clock;

    /** Common, personal and one-character passwords are refused wherever a password is set. */
    @jakarta.inject.Inject
    PasswordRules passwordRules;

    PasswordResetService(PasswordResetRepository resets, UserRepository users, SessionRepository sessions,
                         Passwords passwords, IdentityMails mails, FailureCounter counter, IdentityConfig config, Clock clock, SessionEndings endings) {
        this.endings = endings;
        this.resets = resets;
        this.users = users;
        this.sessions = sessions;
        this.passwords = passwords;
        this.mails = mails;
        this.counter = counter;
        this.config = config;
        this.clock = clock;
    }

    /** Always succeeds from the outside: whether the account exists is not revealed. */
    @Transactional
    public void request(String email) {
        Optional<UserRow> user = users.findByEmail(email.trim());
        if (user.isEmpty()) {
            LOG.info("password reset requested knownAccount=false");
            return;
        }
        String key = "reset:" + user.get().id();
        if (counter.lockedForSeconds(key, MAX_REQUESTS_PER_HOUR) > 0) {
            LOG.info("password reset throttled userId={}", user.get().id());
            return;
        }
        counter.recordFailure(key, MAX_REQUESTS_PER_HOUR, Duration.ofHours(1), Duration.ofHours(1));
        Instant now = clock.instant();
        String token = Tokens.newToken();
        resets.save(new PasswordResetRow(UUID.randomUUID(), Tokens.hash(token), user.get().id(), now,
                now.plus(config.resetTtl()), null));
        mails.passwordReset(user.get().email(), user.get().language(), token, config.resetTtl());
        LOG.info("password reset requested knownAccount=true userId={}", user.get().id());
    }

    @Transactional
    public void check(String token) {
        usable(resets.findByTokenHash(Tokens.hash(token)));
    }

    /** Sets the new password, spends the link and signs the person out everywhere. */
    @Transactional
    public void complete(String token, String newPassword, String clientAddress) {
        PasswordResetRow reset = usable(resets.lockByTokenHash(Tokens.hash(token)));
        Instant now = clock.instant();
        UserRow user = users.findById(reset.userId()).orElseThrow(ProblemException::notFound);
        passwordRules.check("password", newPassword, user.email(), user.displayName());
        users.update(user.withPasswordHash(passwords.hash(newPassword), now));
        resets.update(new PasswordResetRow(reset.id(), reset.tokenHash(), reset.userId(), reset.createdAt(),
                reset.expiresAt(), now));
        endings.endAll(user.id(), "password-reset");
        // Whoever proved they own the mailbox may sign in at once from where they reset.
        counter.resetBackoff("login:pair:" + user.email().toLowerCase(Locale.ROOT) + "|" + clientAddress);
        LOG.info("password reset completed userId={}", user.id());
    }

    private PasswordResetRow usable(Optional<PasswordResetRow> found) {
        PasswordResetRow row = found.orElseThrow(ProblemException::notFound);
        if (row.usedAt() != null) {
            throw ProblemException.unusable(ProblemType.RESET_UNUSABLE, "used");
        }
        if (!row.expiresAt().isAfter(clock.instant())) {
            throw ProblemException.unusable(ProblemType.RESET_UNUSABLE, "expired");
        }
        return row;
    }
}
