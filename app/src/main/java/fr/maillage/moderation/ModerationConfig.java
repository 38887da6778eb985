package fr.maillage.moderation;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * maillage.moderation.*: how many reports one person may make per hour (counted on every node
 * through Redis when configured), and the longest report text or message to an author.
 */
@ConfigurationProperties("maillage.moderation")
public record ModerationConfig(
        @Min(1) @Max(1000) int reportsPerHour,
        @Min(100) @Max(10_000) int maxTextChars) {
}
