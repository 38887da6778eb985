package fr.maillage.mail;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

@MappedEntity("mail_outbox")
public record OutboxRow(@Id UUID id, String recipient, String subject, String textBody, @Nullable String htmlBody,
                        String status, int attempts, @Nullable String lastError, @Nullable Instant nextAttemptAt,
                        Instant createdAt, @Nullable Instant sentAt) {
}
