package fr.maillage.mail;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@Serdeable
public record MailViews(UUID id, String to, String subject, String textBody, String status,
                        Instant createdAt, @Nullable Instant sentAt, int attempts, @Nullable String lastError,
                        @Nullable Instant nextAttemptAt, List<MailAttachment> attachments) {
    static MailViews of(OutboxRow row, List<MailAttachment> attachments) {
        return new MailViews(row.id(), row.recipient(), row.subject(), row.textBody(), row.status(),
                row.createdAt(), row.sentAt(), row.attempts(), row.lastError(), row.nextAttemptAt(), attachments);
    }
}
