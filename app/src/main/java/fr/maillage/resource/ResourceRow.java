package fr.maillage.resource;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/** One resource; its levers, territories, competences and authors live in side tables. */
@MappedEntity("resource")
public record ResourceRow(@Id UUID id, String title, String summary, @Nullable String body, @Nullable String link,
                          String door, String format, String maturity, int minutes, String licence, String status,
                          boolean featured, UUID proposerId, @Nullable String reviewComment, Instant createdAt,
                          Instant updatedAt, @Nullable Instant publishedAt) {
}
