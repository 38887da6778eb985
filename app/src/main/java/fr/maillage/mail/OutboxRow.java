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
    // lease_token, lease_owner, lease_until, transmitting and headers are MailSender's own
    // columns, read and written with SQL there: their defaults fit a row saved here.
}
