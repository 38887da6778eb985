package fr.maillage.discussion;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

public final class DiscussionViews {
    private DiscussionViews() {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ThemeSummary(String slug, String labelFr, String labelEn, String family, int threadCount,
                               @Nullable Instant lastPostAt, int unread, String followLevel) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ThreadView(UUID id, String theme, String kind, String title, UUID authorId, String authorName,
                             Instant createdAt, Instant lastPostAt, int postCount, boolean solved,
                             @Nullable UUID solvedPostId, boolean pinned, boolean locked,
                             @Nullable Integer unread, @Nullable String followLevel) {
        /** The same thread as the reader sees it in a list: with their unread count and follow level. */
        ThreadView forReader(int unreadCount, String level) {
            return new ThreadView(id, theme, kind, title, authorId, authorName, createdAt, lastPostAt, postCount, solved,
                    solvedPostId, pinned, locked, unreadCount, level);
        }
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record PostView(UUID id, UUID threadId, UUID authorId, String authorName, String body, String html,
                           @Nullable UUID replyTo, Instant createdAt, @Nullable Instant editedAt, boolean deleted,
                           Map<String, List<UUID>> reactions, List<Person> mentions, boolean authorDeactivated,
                           boolean hidden, boolean moderated) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Person(UUID id, String displayName) {
    }

    @Serdeable
    public record FollowLevel(String level) {
    }

    /** A theme's threads, with the stream sequence they reflect: subscribe after it. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ThemePage(String stream, long seq, List<ThreadView> threads) {
    }

    /** A thread with its posts, with the stream sequence they reflect. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ThreadPage(String stream, long seq, ThreadView thread, List<PostView> posts) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record RevisionView(int revision, String body, Instant replacedAt) {
    }
}
