package fr.maillage.workspace;

import fr.maillage.core.error.ProblemException;
import fr.maillage.notification.EmailCallers;
import fr.maillage.notification.NoticeDetails;
import fr.maillage.workspace.CommentFrames.AddCommentCommand;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What a "reply to your comment" e-mail quotes (the reply itself) and how an e-mail answer to it
 * is posted: as one more reply in the same comment thread, through {@link CommentService#add}
 * like the web (only whoever may still edit the document may comment; a repeated key replays).
 */
@Singleton
class WorkspaceMailDetails implements NoticeDetails {
    static final String REPLY_KIND = "workspace.comment";

    private final JdbcOperations jdbc;
    private final WorkspaceAccess access;
    private final CommentService comments;
    private final CommentConfig config;
    private final EmailCallers callers;

    WorkspaceMailDetails(JdbcOperations jdbc, WorkspaceAccess access, CommentService comments, CommentConfig config, EmailCallers callers) {
        this.jdbc = jdbc;
        this.access = access;
        this.comments = comments;
        this.config = config;
        this.callers = callers;
    }

    @Override
    public boolean covers(String kind) {
        return kind.startsWith("workspace.");
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Detail> detail(UUID recipientId, String kind, String link, Map<String, Object> data, String language) {
        if (!CommentService.REPLIED_KIND.equals(kind) || !(data.get("commentId") instanceof String commentId)
                || !(data.get("replyId") instanceof String replyId)) {
            return Optional.empty();
        }
        UUID thread;
        UUID reply;
        try {
            thread = UUID.fromString(commentId);
            reply = UUID.fromString(replyId);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return jdbc.prepareStatement("SELECT document_id, body, created_at FROM workspace_comment WHERE id = ? AND parent_id = ?", ps -> {
            ps.setObject(1, reply);
            ps.setObject(2, thread);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || access.documentWorkspace(recipientId, rs.getObject(1, UUID.class)).isEmpty()) {
                    return Optional.<Detail>empty();
                }
                return Optional.of(new Detail(Map.of(), rs.getString(2), rs.getTimestamp(3).toInstant(), REPLY_KIND, thread));
            }
        });
    }

    @Override
    public boolean answers(String replyKind) {
        return REPLY_KIND.equals(replyKind);
    }

    /** One more reply under the thread's first comment. */
    @Override
    @Transactional
    public void reply(UUID userId, String replyKind, UUID threadId, String markdown, String idempotencyKey) {
        UUID documentId = jdbc.prepareStatement("SELECT document_id FROM workspace_comment WHERE id = ?", ps -> {
            ps.setObject(1, threadId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getObject(1, UUID.class) : null;
            }
        });
        if (documentId == null) {
            throw ProblemException.notFound();
        }
        int max = config.maxBodyChars();
        String body = markdown.length() > max ? markdown.substring(0, max) : markdown;
        comments.add(callers.of(userId), documentId, new AddCommentCommand(idempotencyKey, body, null, null, threadId));
    }
}
