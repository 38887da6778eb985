package fr.maillage.identity;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.UUID;

/** The themes chosen for an invited guest (issue 16), kept until the invitation is accepted. */
final class InvitationThemes {
    /** At most this many themes per invitation. */
    static final int MAX = 50;

    private InvitationThemes() {
    }

    @MappedEntity("invitation_theme")
    record InvitationThemeRow(@Id UUID id, UUID invitationId, String themeSlug) {
    }

    @JdbcRepository(dialect = Dialect.POSTGRES)
    interface InvitationThemeRepository extends CrudRepository<InvitationThemeRow, UUID> {
        @Query("SELECT * FROM invitation_theme WHERE invitation_id = :invitationId ORDER BY theme_slug")
        List<InvitationThemeRow> findByInvitationId(UUID invitationId);
    }
}
