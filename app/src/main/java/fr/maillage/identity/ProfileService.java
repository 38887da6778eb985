package fr.maillage.identity;

import fr.maillage.core.error.ProblemException;
import fr.maillage.core.security.Caller;
import fr.maillage.core.security.Role;
import fr.maillage.core.socket.Hub;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.support.TransactionSynchronization;
import fr.maillage.identity.IdentityCommands.ChangePasswordCommand;
import fr.maillage.identity.IdentityCommands.ChangeRoleCommand;
import fr.maillage.identity.IdentityCommands.UpdateProfileCommand;
import fr.maillage.identity.IdentityRepositories.SessionRepository;
import fr.maillage.identity.IdentityRepositories.UserRepository;
import fr.maillage.identity.IdentityRows.UserRow;
import fr.maillage.identity.IdentityViews.UserView;
import fr.maillage.audit.AuditService;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** Profile basics of the signed-in person, and administrators' role changes. */
@Singleton
public class ProfileService {
    private static final Logger LOG = LoggerFactory.getLogger(ProfileService.class);

    private final UserRepository users;
    private final SessionRepository sessions;
    private final Passwords passwords;
    private final ProfileRules rules;
    private final Clock clock;
    private final Hub hub;
    private final TransactionOperations<?> transactions;
    private final SessionEndings endings;
    private final AuditService audit;
    private final IdentityRepositories.InvitationRepository invitations;

    private final fr.maillage.core.security.GuestCircle guestCircle;

    /** Common, personal and one-character passwords are refused wherever a password is set. */
    @jakarta.inject.Inject
    PasswordRules passwordRules;

    ProfileService(UserRepository users, SessionRepository sessions, Passwords passwords, ProfileRules rules, Clock clock,
                   Hub hub, TransactionOperations<?> transactions, SessionEndings endings,
                   IdentityRepositories.InvitationRepository invitations, AuditService audit,
                   fr.maillage.core.security.GuestCircle guestCircle) {
        this.guestCircle = guestCircle;
        this.audit = audit;
        this.endings = endings;
        this.invitations = invitations;
        this.hub = hub;
        this.transactions = transactions;
        this.users = users;
        this.sessions = sessions;
        this.passwords = passwords;
        this.rules = rules;
        this.clock = clock;
    }

    @Transactional
    public UserView me(Caller caller) {
        return UserView.of(load(caller.userId()));
    }

    /** Fields left out stay as they are; a new territory without a zone brings its own zone. */
    @Transactional
    public UserView update(Caller caller, UpdateProfileCommand command) {
        UserRow user = load(caller.userId());
        String displayName = user.displayName();
        if (command.displayName() != null) {
            displayName = fr.maillage.core.web.DisplayText.require("displayName", command.displayName());
        }
        String territoryCode = user.territoryCode();
        String zone = user.timeZone();
        if (command.territoryCode() != null) {
            var territory = rules.territory(command.territoryCode());
            territoryCode = territory.map(t -> t.code()).orElse(null);
            zone = rules.zoneFor(command.timeZone(), territory, zone);
        } else if (command.timeZone() != null) {
            zone = ProfileRules.requireZone(command.timeZone());
        }
        String language = command.language() == null ? user.language() : command.language();
        UserRow updated = users.update(user.withProfile(displayName, territoryCode, zone, language, clock.instant()));
        LOG.info("profile updated userId={}", user.id());
        return UserView.of(updated);
    }

    /** Checks the current password, then signs out every other session. */
    @Transactional
    public void changePassword(Caller caller, ChangePasswordCommand command) {
        UserRow user = load(caller.userId());
        if (!passwords.matches(command.currentPassword(), user.passwordHash())) {
            throw ProblemException.invalid("currentPassword", "is not your current password");
        }
        passwordRules.check("newPassword", command.newPassword(), user.email(), user.displayName());
        users.update(user.withPasswordHash(passwords.hash(command.newPassword()), clock.instant()));
        endings.endAllBut(user.id(), caller.sessionId(), "password-changed");
        LOG.info("password changed userId={}", user.id());
    }

    /** The @ autocomplete: names starting with, then containing, the text (accents ignored). */
    @Transactional(readOnly = true)
    public List<IdentityViews.PersonView> people(Caller caller, String query) {
        String q = query == null ? "" : query.strip();
        if (q.isEmpty() || q.length() > 80) {
            throw ProblemException.invalid("q", "give 1 to 80 characters");
        }
        // Escaped, or "%" and "_" would list everyone (issue 14).
        String literal = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        boolean guest = caller.role() == Role.GUEST;
        return users.findPeople(literal, guest, guest ? guestCircle.of(caller.userId()) : List.of(caller.userId())).stream()
                .map(u -> new IdentityViews.PersonView(u.id(), u.displayName())).toList();
    }

    /** Everyone, for administrators: who, role, territory, last seen and status; {@code q} searches names and e-mails. */
    @Transactional(readOnly = true)
    public List<IdentityViews.PersonForAdministratorView> list(Caller caller, @io.micronaut.core.annotation.Nullable String q) {
        caller.requireRole(Role.ADMINISTRATOR);
        String text = q == null || q.isBlank() ? null : q.strip();
        if (text != null && text.length() > 80) {
            throw ProblemException.invalid("q", "give at most 80 characters");
        }
        String pattern = text == null ? null : text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return users.findForAdministrators(pattern).stream().map(IdentityViews.PersonForAdministratorView::of).toList();
    }

    @Transactional
    public UserView changeRole(Caller caller, UUID userId, ChangeRoleCommand command) {
        caller.requireRole(Role.ADMINISTRATOR);
        List<UserRow> administrators = users.lockAdministrators();
        // The caller's role was read before the lock: a concurrent demotion may have taken it.
        if (administrators.stream().noneMatch(a -> a.id().equals(caller.userId()))) {
            throw ProblemException.forbidden("You are no longer an administrator");
        }
        UserRow user = load(userId);
        boolean demotesLastAdministrator = "administrator".equals(user.role())
                && !"administrator".equals(command.role()) && administrators.size() <= 1;
        if (demotesLastAdministrator) {
            throw ProblemException.conflict("Maillage needs at least one administrator");
        }
        UserRow updated = users.update(user.withRole(command.role(), clock.instant()));
        if (!user.role().equals(command.role())) {
            audit.record(caller, "identity.role_changed", AuditService.Target.person(userId, user.displayName()),
                    java.util.Map.of("role", user.role()), java.util.Map.of("role", command.role()));
        }
        // Open sockets keep what the new role may read, and lose the rest, once this commits.
        transactions.findTransactionStatus().orElseThrow().registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                hub.accessChanged(userId);
            }
        });
        LOG.info("role changed userId={} role={} by={}", userId, command.role(), caller.userId());
        return UserView.of(updated);
    }

    /** An administrator signs someone out everywhere (a lost phone, a shared computer). */
    @Transactional
    public void endSessions(Caller caller, UUID userId) {
        caller.requireRole(Role.ADMINISTRATOR);
        load(userId);
        endings.endAll(userId, "ended-by-administrator");
        audit.record(caller, "identity.sessions_ended", AuditService.Target.person(userId, users.findById(userId).map(UserRow::displayName).orElse(null)), null, null);
        LOG.info("sessions ended by administrator userId={} by={}", userId, caller.userId());
    }

    /**
     * The person can no longer sign in; their sessions and sockets end, the invitations they
     * sent and that are still pending are revoked. Their posts and profile stay. The last
     * active administrator cannot be deactivated.
     */
    @Transactional
    public UserView deactivate(Caller caller, UUID userId) {
        caller.requireRole(Role.ADMINISTRATOR);
        List<UserRow> administrators = users.lockAdministrators();
        if (administrators.stream().noneMatch(a -> a.id().equals(caller.userId()))) {
            throw ProblemException.forbidden("You are no longer an administrator");
        }
        UserRow user = load(userId);
        if (users.isDeactivated(userId)) {
            return UserView.of(user, true);
        }
        if ("administrator".equals(user.role()) && administrators.size() <= 1) {
            throw ProblemException.conflict("Maillage needs at least one active administrator");
        }
        java.time.Instant now = clock.instant();
        users.setDeactivatedAt(userId, now, now);
        invitations.revokePendingSentBy(userId, now);
        endings.endAll(userId, "deactivated");
        audit.record(caller, "identity.deactivated", AuditService.Target.person(userId, user.displayName()),
                java.util.Map.of("status", "active"), java.util.Map.of("status", "deactivated"));
        LOG.info("account deactivated userId={} by={}", userId, caller.userId());
        return UserView.of(user, true);
    }

    @Transactional
    public UserView reactivate(Caller caller, UUID userId) {
        caller.requireRole(Role.ADMINISTRATOR);
        UserRow user = load(userId);
        if (!users.isDeactivated(userId)) {
            return UserView.of(user, false);
        }
        java.time.Instant now = clock.instant();
        users.setDeactivatedAt(userId, null, now);
        audit.record(caller, "identity.reactivated", AuditService.Target.person(userId, user.displayName()),
                java.util.Map.of("status", "deactivated"), java.util.Map.of("status", "active"));
        LOG.info("account reactivated userId={} by={}", userId, caller.userId());
        return UserView.of(user, false);
    }

    private UserRow load(UUID id) {
        return users.findById(id).orElseThrow(ProblemException::notFound);
    }
}
