package fr.maillage.identity;

import com.fasterxml.jackson.annotation.JsonInclude;
import fr.maillage.identity.IdentityRows.UserRow;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.UUID;

public final class IdentityViews {
    private IdentityViews() {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record UserView(UUID id, String email, String displayName, String role, @Nullable String territoryCode,
                           String timeZone, String language, boolean deactivated) {
        static UserView of(UserRow row) {
            return of(row, false);
        }

        static UserView of(UserRow row, boolean deactivated) {
            return new UserView(row.id(), row.email(), row.displayName(), row.role(), row.territoryCode(),
                    row.timeZone(), row.language(), deactivated);
        }
    }

    /** One of the person's own open sessions (their devices), for "sign out everywhere else". */
    @Serdeable
    public record OpenSessionView(UUID id, Instant createdAt, Instant lastSeenAt, Instant expiresAt, boolean current) {
    }

    /** A person as the administrators' people screen shows them. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record PersonForAdministratorView(UUID id, String email, String displayName, String role,
                                             @Nullable String territoryCode, @Nullable Instant lastSeenAt,
                                             Instant createdAt, String status) {
        static PersonForAdministratorView of(IdentityRows.PersonForAdministrator p) {
            return new PersonForAdministratorView(p.id(), p.email(), p.displayName(), p.role(), p.territoryCode(),
                    p.lastSeenAt(), p.createdAt(), p.deactivated() ? "deactivated" : "active");
        }
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SessionView(boolean authenticated, String csrfToken, @Nullable UserView user) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record InvitationView(UUID id, String email, String role, String status, @Nullable String invitedBy,
                                 Instant createdAt, Instant expiresAt) {
    }

    /** What the invitation link shows before acceptance: nothing about other people. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record InvitationPreview(@Nullable String email, String role, @Nullable String invitedBy, Instant expiresAt) {
    }

    @Serdeable
    public record ResetPreview(boolean valid) {
    }

    @Serdeable
    public record PersonView(UUID id, String displayName) {
    }

    /** A signed-in person plus the secrets the controller turns into cookies (never serialised). */
    public record SignedIn(UserView user, String sessionToken, String csrfToken) {
    }
}
