package fr.maillage.audit;

import fr.maillage.audit.AuditRows.AuditEntryRow;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Insert and read only: the table's trigger refuses updates and deletes anyway. */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface AuditRepository extends GenericRepository<AuditEntryRow, Long> {
    AuditEntryRow save(AuditEntryRow row);

    /** Newest first, keyset-paginated by id; every filter is optional. */
    @Query(value = "SELECT * FROM audit_entry WHERE (CAST(:actorId AS uuid) IS NULL OR actor_id = CAST(:actorId AS uuid)) "
            + "AND (CAST(:action AS text) IS NULL OR action = :action) "
            + "AND (CAST(:targetId AS text) IS NULL OR target_id = :targetId) "
            + "AND (CAST(:from AS timestamptz) IS NULL OR at >= CAST(:from AS timestamptz)) "
            + "AND (CAST(:to AS timestamptz) IS NULL OR at < CAST(:to AS timestamptz)) "
            + "AND (CAST(:beforeId AS bigint) IS NULL OR id < CAST(:beforeId AS bigint)) "
            + "ORDER BY id DESC LIMIT :limit", nativeQuery = true)
    List<AuditEntryRow> find(@Nullable UUID actorId, @Nullable String action, @Nullable String targetId,
                             @Nullable Instant from, @Nullable Instant to, @Nullable Long beforeId, int limit);
}
