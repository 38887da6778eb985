package fr.maillage.moderation;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

public final class ModerationViews {
    private ModerationViews() {
    }

    /** What one reports: an item, a reason among {@link ModerationService#REASONS}, a text (required for "other"). */
    @Serdeable
    public record ReportCommand(@NotBlank String itemKind, @NotNull UUID itemId, @NotBlank String reason, @Nullable String text) {
    }

    /** The answer to a report; {@code alreadyReported} when this person had already reported the item. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ReportView(UUID id, UUID caseId, String itemKind, UUID itemId, String reason, @Nullable String text,
                             Instant createdAt, boolean alreadyReported) {
    }

    /**
     * The reported item in context, as moderators see it: its text even when hidden, its author,
     * where it is ({@code where} is "thread"; {@code title} the thread's title; {@code context}
     * the theme's slug, with its labels) and a link to it.
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ItemView(String kind, UUID id, UUID authorId, String authorName, String text, String where,
                           String title, String context, String contextLabelFr, String contextLabelEn, String link,
                           boolean hidden, boolean moderated, boolean deleted) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ReportLine(UUID reporterId, String reporterName, String reason, @Nullable String text, Instant createdAt) {
    }

    /** Every report of one item while it is open, and how it ended. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record CaseView(UUID id, String status, Instant openedAt, @Nullable Instant resolvedAt, @Nullable UUID resolvedById,
                           @Nullable String resolvedByName, ItemView item, int reportCount, List<ReportLine> reports) {
    }

    /** The open cases with the sequence of the moderation stream they reflect: subscribe after it. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record QueuePage(String stream, long seq, List<CaseView> cases) {
    }

    @Serdeable
    public record EditCommand(@NotBlank String text) {
    }

    @Serdeable
    public record MessageCommand(@NotBlank String text) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record MutedPerson(UUID id, String displayName, Instant mutedAt) {
    }
}
