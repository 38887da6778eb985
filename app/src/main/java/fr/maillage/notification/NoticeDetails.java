package fr.maillage.notification;

import fr.maillage.mail.MailAttachment;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What a feature adds to its notices when they are e-mailed: the content itself (a post's
 * Markdown), where it happened, and, when the place can be answered by e-mail, the target a
 * reply goes to. Features implement it as a bean; notification never imports a feature. Read
 * when the e-mail is assembled, so an edited post is e-mailed as it is now and a deleted one
 * is not quoted at all.
 */
public interface NoticeDetails {
    /** Whether this bean details notices of that kind (e.g. every {@code discussion.*}). */
    boolean covers(String kind);

    /** Empty when the thing is gone or the recipient may no longer read it. */
    Optional<Detail> detail(UUID recipientId, String kind, String link, Map<String, Object> data, String language);

    /**
     * @param params    extra parameters of the catalogue texts (e.g. {@code where}: a theme's name)
     * @param markdown  the content, Markdown, not yet truncated; null when the notice has none
     * @param at        when it happened (rendered in the recipient's zone as {@code postedAt})
     * @param replyKind what an e-mail reply posts to ({@link EmailReplies} hands it back to
     *                  {@link #reply}); null: not answerable by e-mail
     * @param attachments files the e-mail carries (e.g. a session's .ics), none most often
     */
    record Detail(Map<String, Object> params, @Nullable String markdown, @Nullable Instant at,
                  @Nullable String replyKind, @Nullable UUID replyTarget, List<MailAttachment> attachments) {
        public Detail {
            attachments = attachments == null ? List.of() : List.copyOf(attachments);
        }

        public Detail(Map<String, Object> params, @Nullable String markdown, @Nullable Instant at,
                      @Nullable String replyKind, @Nullable UUID replyTarget) {
            this(params, markdown, at, replyKind, replyTarget, List.of());
        }
    }

    /**
     * Posts an e-mail reply as the person, through the feature's own command (same checks, same
     * idempotency: {@code idempotencyKey} comes from the mail's Message-ID). Only called for a
     * {@code replyKind} this bean handed out.
     */
    default void reply(UUID userId, String replyKind, UUID target, String markdown, String idempotencyKey) {
        throw new UnsupportedOperationException(replyKind);
    }

    /** Whether this bean answers replies of that kind. */
    default boolean answers(String replyKind) {
        return false;
    }
}
