package fr.maillage.discussion;

import fr.maillage.core.security.Caller;
import fr.maillage.discussion.DiscussionFrames.ReplyCommand;
import fr.maillage.notification.NoticeDetails;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * What a discussion notice's e-mail says (the post itself, the theme's name, when it was
 * written) and how an e-mail reply to it is posted: as a reply in the thread, quoting the post
 * it answers, through {@link DiscussionService#reply} like the web.
 */
@Singleton
class DiscussionMailDetails implements NoticeDetails {
    static final String REPLY_KIND = "discussion.post";

    private final JdbcOperations jdbc;
    private final DiscussionAccess access;
    private final DiscussionService discussions;
    private final Function<UUID, Caller> callers;

    DiscussionMailDetails(JdbcOperations jdbc, DiscussionAccess access, DiscussionService discussions,
                          fr.maillage.notification.EmailCallers callers) {
        this.jdbc = jdbc;
        this.access = access;
        this.discussions = discussions;
        this.callers = callers::of;
    }

    @Override
    public boolean covers(String kind) {
        return kind.startsWith("discussion.");
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Detail> detail(UUID recipientId, String kind, String link, Map<String, Object> data, String language) {
        Object postId = data.get("postId");
        if (!(postId instanceof String id)) {
            return Optional.empty();
        }
        UUID post;
        try {
            post = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return jdbc.prepareStatement("""
                SELECT p.body, p.created_at, p.deleted_at IS NOT NULL OR p.hidden_at IS NOT NULL, t.theme_slug, th.label_fr, th.label_en, t.title
                FROM discussion_post p JOIN discussion_thread t ON t.id = p.thread_id JOIN theme th ON th.slug = t.theme_slug
                WHERE p.id = ?""", ps -> {
            ps.setObject(1, post);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getBoolean(3) || !access.canReadTheme(recipientId, rs.getString(4))) {
                    return Optional.<Detail>empty();
                }
                String where = "en".equals(language) ? rs.getString(6) : rs.getString(5);
                return Optional.of(new Detail(Map.of("where", where, "title", rs.getString(7)), rs.getString(1),
                        rs.getTimestamp(2).toInstant(), REPLY_KIND, post));
            }
        });
    }

    @Override
    public boolean answers(String replyKind) {
        return REPLY_KIND.equals(replyKind);
    }

    /** Replies in the post's thread, to that post; the service checks access, locks and idempotency as for the web. */
    @Override
    @Transactional
    public void reply(UUID userId, String replyKind, UUID postId, String markdown, String idempotencyKey) {
        UUID threadId = jdbc.prepareStatement("SELECT thread_id FROM discussion_post WHERE id = ?", ps -> {
            ps.setObject(1, postId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getObject(1, UUID.class) : null;
            }
        });
        if (threadId == null) {
            throw fr.maillage.core.error.ProblemException.notFound();
        }
        String body = markdown.length() > DiscussionFrames.BODY_MAX ? markdown.substring(0, DiscussionFrames.BODY_MAX) : markdown;
        discussions.reply(callers.apply(userId), new ReplyCommand(idempotencyKey, threadId, body, postId, null));
    }
}
