package fr.maillage.workspace;

import com.fasterxml.jackson.annotation.JsonInclude;
import fr.maillage.core.stream.Idempotency;
import fr.maillage.workspace.WorkspaceViews.Person;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Comments on documents: what clients send and what they get (docs/api.md, docs/protocol.md). */
public final class CommentFrames {
    /** Hard ceilings of the wire; the configured limits (CommentConfig) are checked in the service. */
    static final int BODY_CEILING = 20_000;
    static final int QUOTE_CEILING = 5_000;
    static final int ANCHOR_CEILING = 4_096;

    private CommentFrames() {
    }

    /** Two Y.encodeRelativePosition results, base64: where the passage starts and ends. */
    @Serdeable
    public record Anchor(
            @NotNull @Size(max = ANCHOR_CEILING) String start,
            @NotNull @Size(max = ANCHOR_CEILING) String end) {
    }

    /**
     * A new comment: on a passage ({@code quote} and {@code anchor}) or, with {@code parentId},
     * a reply to a comment (no passage of its own).
     */
    @Serdeable
    public record AddCommentCommand(
            @NotBlank @Size(max = Idempotency.MAX_KEY_LENGTH) String idempotencyKey,
            @NotNull @Size(max = BODY_CEILING) String body,
            @Nullable @Size(max = QUOTE_CEILING) String quote,
            @Nullable @Valid Anchor anchor,
            @Nullable UUID parentId) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record CommentView(UUID id, UUID documentId, @Nullable UUID parentId, Person author, String body,
                              @Nullable String quote, @Nullable Anchor anchor, Instant createdAt,
                              @Nullable Person resolvedBy, @Nullable Instant resolvedAt, boolean hidden,
                              boolean moderated) {
    }

    /** A document's comments, open and resolved, oldest first; follow {@code stream} after {@code seq}. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record CommentList(UUID documentId, String stream, long seq, List<CommentView> comments) {
    }
}
