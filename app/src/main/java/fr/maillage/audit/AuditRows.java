package fr.maillage.audit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

final class AuditRows {
    private AuditRows() {
    }

    @MappedEntity("audit_entry")
    record AuditEntryRow(@Id @GeneratedValue @Nullable Long id, Instant at, @Nullable UUID actorId, String actorName,
                         String action, String targetKind, String targetId, @Nullable String targetName,
                         @Nullable String before, @Nullable String after) {
    }
}
