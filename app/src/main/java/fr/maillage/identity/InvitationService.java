package fr.maillage.identity;

import fr.maillage.core.error.ProblemException;
import fr.maillage.core.error.ProblemType;
import fr.maillage.core.security.Caller;
import fr.maillage.core.security.PublicUrl;
import fr.maillage.core.security.Role;
import fr.maillage.core.security.Tokens;
import fr.maillage.identity.IdentityCommands.AcceptInvitationCommand;
import fr.maillage.identity.IdentityCommands.InviteCommand;
import fr.maillage.identity.IdentityRepositories.InvitationRepository;
import fr.maillage.identity.IdentityRepositories.UserRepository;
import fr.maillage.identity.IdentityRows.InvitationRow;
import fr.maillage.identity.IdentityRows.UserRow;
import fr.maillage.identity.IdentityViews.InvitationPreview;
import fr.maillage.identity.IdentityViews.InvitationView;
import fr.maillage.identity.IdentityViews.SignedIn;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import fr.maillage.audit.AuditService;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Invitations: the only way in. Single-use links, expiring, revocable. */
@Singleton
public class InvitationService {
    private static final Logger LOG = LoggerFactory.getLogger(InvitationService.class);
    // Two nodes starting at once must not both issue a first-administrator link.
    private static final long BOOTSTRAP_LOCK = 0x6d61696c6c616765L;
    private static final Duration RECENT_BOOTSTRAP = Duration.ofMinutes(2);

    private final InvitationRepository invitations;
    private final UserRepository users;
    private final SessionService sessions;
    private final Passwords passwords;
    private final ProfileRules rules;
    private final IdentityMails mails;
    private final IdentityConfig config;
    private final PublicUrl publicUrl;
    private final AuditService audit;
    private final JdbcOperations jdbc;
    private final Clock clock;

    /** Common, personal and one-character passwords are refused wherever a password is set. */
    @jakarta.inject.Inject
    PasswordRules passwordRules;

    /** A guest's themes chosen when inviting (issue 16), granted on acceptance by the discussions. */
    @jakarta.inject.Inject
    InvitationThemes.InvitationThemeRepository invitationThemes;
    @jakarta.inject.Inject
    jakarta.inject.Provider<fr.maillage.discussion.ThemeAdministration> themeAdministration;
    @jakarta.inject.Inject
    jakarta.inject.Provider<fr.maillage.discussion.DiscussionAccess> discussionAccess;

    InvitationService(InvitationRepository invitations, UserRepository users, SessionService sessions,
                      Passwords passwords, ProfileRules rules, IdentityMails mails, IdentityConfig config,
                      PublicUrl publicUrl, JdbcOperations jdbc, Clock clock, AuditService audit) {
        this.audit = audit;
        this.invitations = invitations;
        this.users = users;
        this.sessions = sessions;
        this.passwords = passwords;
        this.rules = rules;
        this.mails = mails;
        this.config = config;
        this.publicUrl = publicUrl;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional
    public InvitationView invite(Caller caller, InviteCommand command) {
        caller.requireRole(Role.ADMINISTRATOR, Role.FACILITATOR);
        Role role = Role.fromWire(command.role()).orElseThrow();
        if (role == Role.ADMINISTRATOR && caller.role() != Role.ADMINISTRATOR) {
            throw ProblemException.forbidden("Only administrators invite administrators");
        }
        String email = command.email().trim();
        List<String> themes = guestThemes(caller, role, command.themes());
        if (users.findByEmail(email).isPresent()) {
            throw ProblemException.conflict("An account with this e-mail already exists");
        }
        Instant now = clock.instant();
        invitations.revokePendingFor(email, now);
        String token = Tokens.newToken();
        InvitationRow row = new InvitationRow(UUID.randomUUID(), Tokens.hash(token), email, role.wire(),
                blankToNull(command.message()), caller.userId(), now, now.plus(config.invitationTtl()), null, null, null);
        invitations.save(row);
        for (String slug : themes) {
            invitationThemes.save(new InvitationThemes.InvitationThemeRow(UUID.randomUUID(), row.id(), slug));
        }
        String inviterName = users.findById(caller.userId()).map(UserRow::displayName).orElse(null);
        mails.invitation(email, inviterName, role.wire(), row.message(), token, config.invitationTtl());
        audit.record(caller, "identity.invitation_sent", new AuditService.Target("invitation", row.id().toString(), email),
                null, java.util.Map.of("role", row.role()));
        LOG.info("invitation created invitationId={} role={} by={}", row.id(), row.role(), caller.userId());
        return view(row, inviterName, now);
    }

    @Transactional
    public List<InvitationView> list(Caller caller) {
        caller.requireRole(Role.ADMINISTRATOR, Role.FACILITATOR);
        Instant now = clock.instant();
        Map<UUID, String> names = new HashMap<>();
        return invitations.newest().stream()
                .map(i -> view(i, i.invitedBy() == null ? null : names.computeIfAbsent(i.invitedBy(),
                        id -> users.findById(id).map(UserRow::displayName).orElse(null)), now))
                .toList();
    }

    @Transactional
    public void revoke(Caller caller, UUID id) {
        caller.requireRole(Role.ADMINISTRATOR, Role.FACILITATOR);
        InvitationRow row = invitations.lockById(id).orElseThrow(ProblemException::notFound);
        if (row.acceptedAt() != null) {
            throw ProblemException.conflict("This invitation was already accepted");
        }
        if (row.revokedAt() == null) {
            invitations.update(new InvitationRow(row.id(), row.tokenHash(), row.email(), row.role(), row.message(),
                    row.invitedBy(), row.createdAt(), row.expiresAt(), null, null, clock.instant()));
            audit.record(caller, "identity.invitation_revoked", new AuditService.Target("invitation", row.id().toString(), row.email()),
                    java.util.Map.of("status", "pending"), java.util.Map.of("status", "revoked"));
            LOG.info("invitation revoked invitationId={} by={}", row.id(), caller.userId());
        }
    }

    /**
     * Sends a pending (or expired) invitation again: a new link with a new lifetime, the old link
     * stops working. Accepted and revoked invitations are not resent (409); only administrators
     * resend an administrator's invitation.
     */
    @Transactional
    public InvitationView resend(Caller caller, UUID id) {
        caller.requireRole(Role.ADMINISTRATOR, Role.FACILITATOR);
        InvitationRow row = invitations.lockById(id).orElseThrow(ProblemException::notFound);
        if (Role.ADMINISTRATOR.wire().equals(row.role()) && caller.role() != Role.ADMINISTRATOR) {
            throw ProblemException.forbidden("Only administrators resend an administrator's invitation");
        }
        Instant now = clock.instant();
        String status = row.status(now);
        if ("accepted".equals(status)) {
            throw ProblemException.conflict("This invitation was already accepted");
        }
        if ("revoked".equals(status)) {
            throw ProblemException.conflict("This invitation was revoked; invite the person again");
        }
        if (row.email() == null) {
            throw ProblemException.conflict("This invitation has no e-mail address to send it to");
        }
        if (users.findByEmail(row.email()).isPresent()) {
            throw ProblemException.conflict("An account with this e-mail already exists");
        }
        String token = Tokens.newToken();
        InvitationRow resent = new InvitationRow(row.id(), Tokens.hash(token), row.email(), row.role(), row.message(),
                row.invitedBy(), row.createdAt(), now.plus(config.invitationTtl()), null, null, null);
        invitations.update(resent);
        String inviterName = row.invitedBy() == null ? null : users.findById(row.invitedBy()).map(UserRow::displayName).orElse(null);
        mails.invitation(row.email(), inviterName, row.role(), row.message(), token, config.invitationTtl());
        audit.record(caller, "identity.invitation_resent", new AuditService.Target("invitation", row.id().toString(), row.email()),
                java.util.Map.of("status", status), java.util.Map.of("status", "pending"));
        LOG.info("invitation resent invitationId={} by={}", row.id(), caller.userId());
        return view(resent, inviterName, now);
    }

    @Transactional
    public InvitationPreview preview(String token) {
        InvitationRow row = usable(invitations.findByTokenHash(Tokens.hash(token)));
        String inviter = row.invitedBy() == null ? null : users.findById(row.invitedBy()).map(UserRow::displayName).orElse(null);
        return new InvitationPreview(row.email(), row.role(), inviter, row.expiresAt());
    }

    /** Creates the account and signs it in; the row lock makes a link work exactly once. */
    @Transactional
    public SignedIn accept(String token, AcceptInvitationCommand command) {
        InvitationRow row = usable(invitations.lockByTokenHash(Tokens.hash(token)));
        String email = row.email();
        if (email == null) {
            if (command.email() == null || command.email().isBlank()) {
                throw ProblemException.invalid("email", "must not be blank");
            }
            email = command.email().trim();
        }
        if (users.findByEmail(email).isPresent()) {
            throw ProblemException.conflict("An account with this e-mail already exists");
        }
        var territory = rules.territory(command.territoryCode());
        String zone = rules.zoneFor(command.timeZone(), territory, ProfileRules.DEFAULT_ZONE);
        String displayName = fr.maillage.core.web.DisplayText.require("displayName", command.displayName());
        passwordRules.check("password", command.password(), email, displayName);
        Instant now = clock.instant();
        UserRow user = new UserRow(UUID.randomUUID(), email, displayName, row.role(), passwords.hash(command.password()),
                territory.map(t -> t.code()).orElse(null), zone,
                command.language() == null ? "fr" : command.language(), now, now);
        users.save(user);
        invitations.update(new InvitationRow(row.id(), row.tokenHash(), row.email(), row.role(), row.message(),
                row.invitedBy(), row.createdAt(), row.expiresAt(), now, user.id(), null));
        if (Role.GUEST.wire().equals(row.role())) {
            List<String> themes = invitationThemes.findByInvitationId(row.id()).stream()
                    .map(InvitationThemes.InvitationThemeRow::themeSlug).toList();
            themeAdministration.get().grantInvitedGuest(user.id(), themes);
        }
        LOG.info("invitation accepted invitationId={} userId={} role={}", row.id(), user.id(), user.role());
        return sessions.openSession(user);
    }

    /**
     * At start-up with no account yet: issue the first administrator's invitation and return
     * its link, unless another node issued one moments ago.
     */
    @Transactional
    public Optional<String> bootstrapFirstAdministrator() {
        jdbc.prepareStatement("SELECT pg_advisory_xact_lock(?)", ps -> {
            ps.setLong(1, BOOTSTRAP_LOCK);
            ps.executeQuery().close();
            return null;
        });
        if (users.count() > 0) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        List<InvitationRow> pending = invitations.pendingFirstAdministrator(now);
        if (pending.stream().anyMatch(i -> i.createdAt().isAfter(now.minus(RECENT_BOOTSTRAP)))) {
            LOG.info("first administrator invitation already issued by another node");
            return Optional.empty();
        }
        // Only hashes are stored, so an old link cannot be printed again: replace it.
        for (InvitationRow old : pending) {
            invitations.update(new InvitationRow(old.id(), old.tokenHash(), null, old.role(), old.message(),
                    null, old.createdAt(), old.expiresAt(), null, null, now));
        }
        return Optional.of(createAdministratorInvitation());
    }

    /** A first-administrator style invitation (no e-mail fixed). Used at start-up and by operators. */
    @Transactional
    public String createAdministratorInvitation() {
        Instant now = clock.instant();
        String token = Tokens.newToken();
        InvitationRow row = new InvitationRow(UUID.randomUUID(), Tokens.hash(token), null, Role.ADMINISTRATOR.wire(),
                null, null, now, now.plus(config.invitationTtl()), null, null, null);
        invitations.save(row);
        LOG.info("administrator invitation created invitationId={}", row.id());
        return publicUrl.link("/invitation/" + token);
    }

    private InvitationRow usable(Optional<InvitationRow> found) {
        InvitationRow row = found.orElseThrow(ProblemException::notFound);
        if (row.acceptedAt() != null) {
            throw ProblemException.unusable(ProblemType.INVITATION_UNUSABLE, "used");
        }
        if (row.revokedAt() != null) {
            throw ProblemException.unusable(ProblemType.INVITATION_UNUSABLE, "revoked");
        }
        if (!row.expiresAt().isAfter(clock.instant())) {
            throw ProblemException.unusable(ProblemType.INVITATION_UNUSABLE, "expired");
        }
        return row;
    }

    /**
     * The themes chosen for a guest, checked: only a guest gets single themes (members read them
     * all), and each must be a theme the inviter reads (it exists and is not archived).
     */
    private List<String> guestThemes(Caller caller, Role role, @io.micronaut.core.annotation.Nullable List<String> requested) {
        if (requested == null || requested.isEmpty()) {
            return List.of();
        }
        if (role != Role.GUEST) {
            throw ProblemException.invalid("themes", "only guests are invited to single themes; members read them all");
        }
        List<String> slugs = requested.stream().map(String::strip).distinct().toList();
        for (String slug : slugs) {
            if (!discussionAccess.get().canReadTheme(caller.userId(), slug)) {
                throw ProblemException.invalid("themes", "unknown or archived theme");
            }
        }
        return slugs;
    }

    private static InvitationView view(InvitationRow row, String inviterName, Instant now) {
        return new InvitationView(row.id(), row.email(), row.role(), row.status(now), inviterName, row.createdAt(), row.expiresAt());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
