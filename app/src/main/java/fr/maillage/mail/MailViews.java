package fr.maillage.mail;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.UUID;

@Serdeable
public record MailViews(UUID id, String to, String subject, String textBody, String status,
                        Instant createdAt, @Nullable Instant sentAt, int attempts, @Nullable String lastError,
                        @Nullable Instant nextAttemptAt) {
    static MailViews of(OutboxRow row) {
        return new MailViews(row.id(), row.recipient(), row.subject(), row.textBody(), row.status(),
                row.createdAt(), row.sentAt(), row.attempts(), row.lastError(), row.nextAttemptAt());
    }
}
