package fr.maillage.discussion;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.UUID;

/** The discussion commands as they arrive on the socket (docs/protocol.md). */
public final class DiscussionFrames {
    static final int BODY_MAX = 20_000;
    static final int KEY_MAX = 64;
    static final int MENTIONS_MAX = 20;

    private DiscussionFrames() {
    }

    @Serdeable
    public record CreateThreadCommand(
            @NotBlank @Size(max = KEY_MAX) String idempotencyKey,
            @NotBlank @Size(max = 100) String theme,
            @NotNull @Pattern(regexp = "discussion|question", message = "must be discussion or question") String kind,
            @NotBlank @Size(min = 3, max = 200) String title,
            @NotBlank @Size(max = BODY_MAX) String body,
            @Nullable @Size(max = MENTIONS_MAX) List<UUID> mentions) {
    }

    @Serdeable
    public record ReplyCommand(
            @NotBlank @Size(max = KEY_MAX) String idempotencyKey,
            @NotNull UUID threadId,
            @NotBlank @Size(max = BODY_MAX) String body,
            @Nullable UUID replyTo,
            @Nullable @Size(max = MENTIONS_MAX) List<UUID> mentions) {
    }

    @Serdeable
    public record EditPostCommand(
            @NotBlank @Size(max = KEY_MAX) String idempotencyKey,
            @NotNull UUID postId,
            @NotBlank @Size(max = BODY_MAX) String body,
            @Nullable @Size(max = MENTIONS_MAX) List<UUID> mentions) {
    }

    @Serdeable
    public record ReactCommand(
            @NotBlank @Size(max = KEY_MAX) String idempotencyKey,
            @NotNull UUID postId,
            @NotNull @Pattern(regexp = "👍|❤️|🎉|🙏|💡|👀", message = "must be one of 👍 ❤️ 🎉 🙏 💡 👀") String emoji,
            boolean active) {
    }

    @Serdeable
    public record MarkSolvedCommand(
            @NotBlank @Size(max = KEY_MAX) String idempotencyKey,
            @NotNull UUID threadId,
            @Nullable UUID postId) {
    }

    @Serdeable
    public record DeletePostCommand(
            @NotBlank @Size(max = KEY_MAX) String idempotencyKey,
            @NotNull UUID postId) {
    }

    @Serdeable
    public record ModerateThreadCommand(
            @NotBlank @Size(max = KEY_MAX) String idempotencyKey,
            @NotNull UUID threadId,
            @Nullable Boolean pinned,
            @Nullable Boolean locked,
            @Nullable @Size(max = 100) String theme) {
    }
}
