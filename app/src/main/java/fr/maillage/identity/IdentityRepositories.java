package fr.maillage.identity;

import fr.maillage.identity.IdentityRows.InvitationRow;
import fr.maillage.identity.IdentityRows.PasswordResetRow;
import fr.maillage.identity.IdentityRows.SessionRow;
import fr.maillage.identity.IdentityRows.UserRow;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

final class IdentityRepositories {
    private IdentityRepositories() {
    }

    @JdbcRepository(dialect = Dialect.POSTGRES)
    interface UserRepository extends CrudRepository<UserRow, UUID> {
        @Query("SELECT * FROM app_user WHERE lower(email) = lower(:email)")
        Optional<UserRow> findByEmail(String email);

        @Query("SELECT * FROM app_user WHERE deleted_at IS NULL ORDER BY lower(display_name), id")
        List<UserRow> listByName();

        /**
         * People whose name matches, best first. {@code q} has its LIKE wildcards escaped by the
         * caller; {@code guestCaller} limits the answer to {@code circle} (the guest's circle).
         */
        @Query(value = "SELECT * FROM app_user WHERE unaccent(lower(display_name)) LIKE '%' || unaccent(lower(:q)) || '%' ESCAPE '\\' "
                + "AND deleted_at IS NULL AND (NOT :guestCaller OR id IN (:circle)) "
                + "ORDER BY (unaccent(lower(display_name)) LIKE unaccent(lower(:q)) || '%' ESCAPE '\\') DESC, lower(display_name) LIMIT 10",
                nativeQuery = true)
        List<UserRow> findPeople(String q, boolean guestCaller, java.util.Collection<UUID> circle);

        /** Locks the active administrators' rows, so two demotions cannot both leave none. */
        @Query("SELECT * FROM app_user WHERE role = 'administrator' AND deactivated_at IS NULL FOR UPDATE")
        List<UserRow> lockAdministrators();

        /** The administrators' people screen: everyone, or those whose name or e-mail contains the text. */
        @Query(value = "SELECT id, email, display_name, role, territory_code, last_seen_at, created_at, "
                + "deactivated_at IS NOT NULL AS deactivated FROM app_user "
                + "WHERE deleted_at IS NULL AND (CAST(:q AS text) IS NULL OR unaccent(lower(display_name)) LIKE '%' || unaccent(lower(:q)) || '%' ESCAPE '\\' "
                + "OR lower(email) LIKE '%' || lower(:q) || '%' ESCAPE '\\') "
                + "ORDER BY lower(display_name), id", nativeQuery = true)
        List<IdentityRows.PersonForAdministrator> findForAdministrators(@io.micronaut.core.annotation.Nullable String q);

        @Query(value = "UPDATE app_user SET last_seen_at = :now WHERE id = :id", nativeQuery = true)
        void seen(UUID id, Instant now);

        @Query(value = "SELECT id FROM app_user WHERE deactivated_at IS NOT NULL", nativeQuery = true)
        List<UUID> deactivatedIds();

        @Query(value = "SELECT deactivated_at IS NOT NULL FROM app_user WHERE id = :id", nativeQuery = true)
        boolean isDeactivated(UUID id);

        @Query(value = "UPDATE app_user SET deactivated_at = :at, updated_at = :now WHERE id = :id", nativeQuery = true)
        void setDeactivatedAt(UUID id, @io.micronaut.core.annotation.Nullable Instant at, Instant now);
    }

    @JdbcRepository(dialect = Dialect.POSTGRES)
    interface SessionRepository extends CrudRepository<SessionRow, UUID> {
        Optional<SessionRow> findByTokenHash(String tokenHash);

        @Query("UPDATE user_session SET last_seen_at = :now, expires_at = :expiresAt WHERE id = :id")
        void touch(UUID id, Instant now, Instant expiresAt);

        @Query("DELETE FROM user_session WHERE user_id = :userId")
        void deleteAllOfUser(UUID userId);

        @Query("DELETE FROM user_session WHERE user_id = :userId AND id <> :keep")
        void deleteOthersOfUser(UUID userId, UUID keep);

        @Query("DELETE FROM user_session WHERE expires_at < :now")
        int deleteExpired(Instant now);

        @Query("SELECT * FROM user_session WHERE user_id = :userId AND expires_at > :now ORDER BY last_seen_at DESC")
        List<SessionRow> findOpenOfUser(UUID userId, Instant now);

        /** The open session with its person's current role; none once ended or deactivated. */
        @Query(value = "SELECT s.id AS session_id, s.user_id, u.role, s.csrf_token FROM user_session s "
                + "JOIN app_user u ON u.id = s.user_id "
                + "WHERE s.id = :id AND s.expires_at > :now AND u.deactivated_at IS NULL", nativeQuery = true)
        Optional<IdentityRows.OpenSession> findOpen(UUID id, Instant now);

        @Query(value = "SELECT s.id FROM user_session s JOIN app_user u ON u.id = s.user_id "
                + "WHERE s.id IN (:ids) AND s.expires_at > :now AND u.deactivated_at IS NULL", nativeQuery = true)
        List<UUID> findOpenIds(java.util.Collection<UUID> ids, Instant now);
    }

    @JdbcRepository(dialect = Dialect.POSTGRES)
    interface InvitationRepository extends CrudRepository<InvitationRow, UUID> {
        Optional<InvitationRow> findByTokenHash(String tokenHash);

        /** Locks the invitation while it is accepted, so a link works exactly once. */
        @Query("SELECT * FROM invitation WHERE token_hash = :tokenHash FOR UPDATE")
        Optional<InvitationRow> lockByTokenHash(String tokenHash);

        /** Locks one invitation while it is resent or revoked, so two administrators act one after the other. */
        @Query("SELECT * FROM invitation WHERE id = :id FOR UPDATE")
        Optional<InvitationRow> lockById(UUID id);

        @Query("SELECT * FROM invitation ORDER BY created_at DESC LIMIT 500")
        List<InvitationRow> newest();

        @Query("UPDATE invitation SET revoked_at = :now WHERE lower(email) = lower(:email) "
                + "AND accepted_at IS NULL AND revoked_at IS NULL")
        void revokePendingFor(String email, Instant now);

        @Query("UPDATE invitation SET revoked_at = :now WHERE invited_by = :userId "
                + "AND accepted_at IS NULL AND revoked_at IS NULL")
        void revokePendingSentBy(UUID userId, Instant now);

        @Query("SELECT * FROM invitation WHERE email IS NULL AND role = 'administrator' "
                + "AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > :now")
        List<InvitationRow> pendingFirstAdministrator(Instant now);
    }

    @JdbcRepository(dialect = Dialect.POSTGRES)
    interface PasswordResetRepository extends CrudRepository<PasswordResetRow, UUID> {
        Optional<PasswordResetRow> findByTokenHash(String tokenHash);

        @Query("SELECT * FROM password_reset WHERE token_hash = :tokenHash FOR UPDATE")
        Optional<PasswordResetRow> lockByTokenHash(String tokenHash);
    }
}
