package fr.maillage.identity;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

final class IdentityRows {
    private IdentityRows() {
    }

    @MappedEntity("app_user")
    record UserRow(@Id UUID id, String email, String displayName, String role, String passwordHash,
                   @Nullable String territoryCode, String timeZone, String language,
                   Instant createdAt, Instant updatedAt) {
        UserRow withProfile(String displayName, @Nullable String territoryCode, String timeZone, String language, Instant now) {
            return new UserRow(id, email, displayName, role, passwordHash, territoryCode, timeZone, language, createdAt, now);
        }

        UserRow withPasswordHash(String hash, Instant now) {
            return new UserRow(id, email, displayName, role, hash, territoryCode, timeZone, language, createdAt, now);
        }

        UserRow withRole(String newRole, Instant now) {
            return new UserRow(id, email, displayName, newRole, passwordHash, territoryCode, timeZone, language, createdAt, now);
        }
    }

    @MappedEntity("user_session")
    record SessionRow(@Id UUID id, String tokenHash, UUID userId, String csrfToken, Instant createdAt,
                      Instant lastSeenAt, Instant expiresAt) {
    }

    /** A session as a socket needs it before each command: whose, and their role now. */
    @io.micronaut.core.annotation.Introspected
    record OpenSession(UUID sessionId, UUID userId, String role, String csrfToken) {
    }

    @io.micronaut.core.annotation.Introspected
    record PersonForAdministrator(UUID id, String email, String displayName, String role, @Nullable String territoryCode,
                                  @Nullable Instant lastSeenAt, Instant createdAt, boolean deactivated) {
    }

    @MappedEntity("invitation")
    record InvitationRow(@Id UUID id, String tokenHash, @Nullable String email, String role, @Nullable String message,
                         @Nullable UUID invitedBy, Instant createdAt, Instant expiresAt, @Nullable Instant acceptedAt,
                         @Nullable UUID acceptedUserId, @Nullable Instant revokedAt) {
        String status(Instant now) {
            if (acceptedAt != null) {
                return "accepted";
            }
            if (revokedAt != null) {
                return "revoked";
            }
            return expiresAt.isAfter(now) ? "pending" : "expired";
        }
    }

    @MappedEntity("password_reset")
    record PasswordResetRow(@Id UUID id, String tokenHash, UUID userId, Instant createdAt, Instant expiresAt,
                            @Nullable Instant usedAt) {
    }
}
