package fr.maillage.identity;

import fr.maillage.core.error.ProblemException;
import fr.maillage.core.error.ProblemType;
import fr.maillage.core.ratelimit.FailureCounter;
import fr.maillage.core.security.Caller;
import fr.maillage.core.security.Role;
import fr.maillage.core.security.SessionResolver;
import fr.maillage.core.security.Tokens;
import fr.maillage.identity.IdentityCommands.SignInCommand;
import fr.maillage.identity.IdentityRepositories.SessionRepository;
import fr.maillage.identity.IdentityRepositories.UserRepository;
import fr.maillage.identity.IdentityRows.SessionRow;
import fr.maillage.identity.IdentityRows.UserRow;
import fr.maillage.identity.IdentityViews.SignedIn;
import fr.maillage.identity.IdentityViews.UserView;
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

/** Sign-in, sign-out and the session lookup behind every request. */
@Singleton
public class SessionService implements SessionResolver {
    private static final Logger LOG = LoggerFactory.getLogger(SessionService.class);
    // Sliding expiry is written at most this often, so reads do not become writes.
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(10);

    private final UserRepository users;
    private final SessionRepository sessions;
    private final Passwords passwords;
    private final FailureCounter failures;
    private final IdentityConfig config;
    private final Clock clock;
    private final SessionEndings endings;

    SessionService(UserRepository users, SessionRepository sessions, Passwords passwords, FailureCounter failures,
                   IdentityConfig config, Clock clock, SessionEndings endings) {
        this.endings = endings;
        this.users = users;
        this.sessions = sessions;
        this.passwords = passwords;
        this.failures = failures;
        this.config = config;
        this.clock = clock;
    }

    @Override
    @Transactional
    public Optional<Caller> resolve(String sessionToken) {
        if (sessionToken == null || sessionToken.isBlank() || sessionToken.length() > 100) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<SessionRow> found = sessions.findByTokenHash(Tokens.hash(sessionToken))
                .filter(s -> s.expiresAt().isAfter(now));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        SessionRow session = found.get();
        Optional<Caller> caller = current(session.id());
        if (caller.isPresent() && Duration.between(session.lastSeenAt(), now).compareTo(TOUCH_EVERY) > 0) {
            sessions.touch(session.id(), now, slidingExpiry(session.createdAt(), now));
            users.seen(session.userId(), now);
        }
        return caller;
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Caller> current(UUID sessionId) {
        return sessions.findOpen(sessionId, clock.instant())
                .map(s -> new Caller(s.userId(), Role.fromWire(s.role()).orElseThrow(), s.sessionId(), s.csrfToken()));
    }

    @Override
    @Transactional(readOnly = true)
    public java.util.Set<UUID> stillOpen(java.util.Collection<UUID> sessionIds) {
        if (sessionIds.isEmpty()) {
            return java.util.Set.of();
        }
        return java.util.Set.copyOf(sessions.findOpenIds(sessionIds, clock.instant()));
    }

    /**
     * Checks the throttle first, then the password. The throttle slows down one account from one
     * address (so a stranger's guesses never keep the owner out from elsewhere) and, more
     * loosely, one address across every account. Unknown e-mail and wrong password give the
     * same answer and take the same time.
     */
    @Transactional
    public SignedIn signIn(SignInCommand command, String clientAddress) {
        String pairKey = "login:pair:" + command.email().trim().toLowerCase(Locale.ROOT) + "|" + clientAddress;
        String addressKey = "login:address:" + clientAddress;
        long wait = Math.max(failures.waitSeconds(pairKey), failures.waitSeconds(addressKey));
        if (wait > 0) {
            LOG.info("sign-in slowed down retryAfter={}", wait);
            throw ProblemException.tooManyAttempts(wait);
        }
        Optional<UserRow> user = users.findByEmail(command.email().trim());
        boolean ok;
        if (user.isPresent()) {
            ok = passwords.matches(command.password(), user.get().passwordHash());
        } else {
            passwords.burnDecoy(command.password());
            ok = false;
        }
        if (!ok) {
            failures.recordBackoffFailure(pairKey, config.pairBackoff());
            failures.recordBackoffFailure(addressKey, config.addressBackoff());
            LOG.info("sign-in failed knownAccount={}", user.isPresent());
            throw ProblemException.of(ProblemType.INVALID_CREDENTIALS, null);
        }
        failures.resetBackoff(pairKey);
        return openSession(user.get());
    }

    /** A new session for someone just authenticated (sign-in, invitation, reset). */
    @Transactional
    public SignedIn openSession(UserRow user) {
        if (users.isDeactivated(user.id())) {
            LOG.info("sign-in refused deactivated userId={}", user.id());
            throw ProblemException.of(ProblemType.ACCOUNT_DEACTIVATED, null);
        }
        Instant now = clock.instant();
        String token = Tokens.newToken();
        String csrf = Tokens.newToken();
        SessionRow row = new SessionRow(UUID.randomUUID(), Tokens.hash(token), user.id(), csrf, now, now,
                slidingExpiry(now, now));
        sessions.save(row);
        users.seen(user.id(), now);
        LOG.info("session opened userId={} sessionId={}", user.id(), row.id());
        return new SignedIn(UserView.of(user), token, csrf);
    }

    /** Idle timeout from now, but never past the session's maximum lifetime. */
    private Instant slidingExpiry(Instant createdAt, Instant now) {
        Instant idle = now.plus(config.sessionTtl());
        Instant absolute = createdAt.plus(config.sessionMaxLifetime());
        return idle.isBefore(absolute) ? idle : absolute;
    }

    /** The person's open sessions, newest use first; {@code current} marks the caller's own. */
    @Transactional(readOnly = true)
    public java.util.List<IdentityViews.OpenSessionView> mySessions(Caller caller) {
        Instant now = clock.instant();
        return sessions.findOpenOfUser(caller.userId(), now).stream()
                .map(s -> new IdentityViews.OpenSessionView(s.id(), s.createdAt(), s.lastSeenAt(), s.expiresAt(),
                        s.id().equals(caller.sessionId())))
                .toList();
    }

    /** Ends one of the caller's own sessions (another device); 404 for anyone else's. */
    @Transactional
    public void endMySession(Caller caller, UUID sessionId) {
        SessionRow row = sessions.findById(sessionId).filter(s -> s.userId().equals(caller.userId()))
                .orElseThrow(ProblemException::notFound);
        endings.endOne(caller.userId(), row.id());
    }

    /** "Sign out everywhere else": every session of the caller but this one ends. */
    @Transactional
    public void endMyOtherSessions(Caller caller) {
        endings.endAllBut(caller.userId(), caller.sessionId(), "signed-out-elsewhere");
    }

    @Transactional
    public void signOut(Caller caller) {
        endings.endOne(caller.userId(), caller.sessionId());
        LOG.info("session closed userId={} sessionId={}", caller.userId(), caller.sessionId());
    }

    @Transactional
    public Optional<UserView> currentUser(Caller caller) {
        return users.findById(caller.userId()).map(UserView::of);
    }
}
