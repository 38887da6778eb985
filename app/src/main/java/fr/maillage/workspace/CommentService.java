package fr.maillage.workspace;

import fr.maillage.core.error.ProblemException;
import fr.maillage.core.security.Caller;
import fr.maillage.core.security.PersonNames;
import fr.maillage.core.stream.Idempotency;
import fr.maillage.core.stream.StreamService;
import fr.maillage.notification.Notice;
import fr.maillage.notification.NotificationService;
import fr.maillage.workspace.CommentFrames.AddCommentCommand;
import fr.maillage.workspace.CommentFrames.Anchor;
import fr.maillage.workspace.CommentFrames.CommentList;
import fr.maillage.workspace.CommentFrames.CommentView;
import fr.maillage.workspace.WorkspaceViews.Person;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Comments on a passage of a document, their replies, and their resolution. Whoever may edit
 * the document (its workspace's members, guests included) may comment, reply, resolve and
 * reopen; nobody else learns that the document exists. Events go to the workspace's stream,
 * not the document's, whose events the editor applies as Yjs updates.
 */
@Singleton
public class CommentService {
    private static final Logger LOG = LoggerFactory.getLogger(CommentService.class);
    static final String REPLIED_KIND = "workspace.comment_replied";
    private static final String COLUMNS = "c.id, c.document_id, c.parent_id, c.body, c.quote, c.anchor_start, c.anchor_end, "
            + "c.created_at, c.resolved_at, a.id, a.display_name, a.role, r.id, r.display_name, r.role, c.hidden_at, c.moderated_at";
    private static final String FROM = " FROM workspace_comment c JOIN app_user a ON a.id = c.author_id "
            + "LEFT JOIN app_user r ON r.id = c.resolved_by ";

    private final JdbcOperations jdbc;
    private final StreamService streams;
    private final Idempotency idempotency;
    private final WorkspaceAccess access;
    private final CommentConfig config;
    private final NotificationService notifications;
    private final PersonNames names;
    private final Clock clock;

    CommentService(JdbcOperations jdbc, StreamService streams, Idempotency idempotency, WorkspaceAccess access,
                   CommentConfig config, NotificationService notifications, PersonNames names, Clock clock) {
        this.jdbc = jdbc;
        this.streams = streams;
        this.idempotency = idempotency;
        this.access = access;
        this.config = config;
        this.notifications = notifications;
        this.names = names;
        this.clock = clock;
    }

    /**
     * Adds a comment on a passage, or a reply to a thread's first comment. Everything is
     * checked before anything is written; a retry with the same idempotency key answers the
     * comment the first attempt created.
     */
    @Transactional
    public CommentView add(Caller caller, UUID documentId, AddCommentCommand command) {
        UUID workspaceId = access.documentWorkspace(caller.userId(), documentId).orElseThrow(ProblemException::notFound);
        String body = checkText("body", command.body(), config.maxBodyChars());
        CommentView parent = null;
        String quote = null;
        byte[] start = null;
        byte[] end = null;
        if (command.parentId() != null) {
            if (command.anchor() != null || command.quote() != null) {
                throw ProblemException.invalid("parentId", "a reply has no passage of its own: send no quote nor anchor");
            }
            parent = row(command.parentId()).filter(p -> p.documentId().equals(documentId))
                    .orElseThrow(() -> ProblemException.invalid("parentId", "no such comment on this document"));
            if (parent.parentId() != null) {
                throw ProblemException.invalid("parentId", "replies are to a thread's first comment");
            }
        } else {
            if (command.anchor() == null) {
                throw ProblemException.invalid("anchor", "a comment on a passage needs its anchor");
            }
            if (command.quote() == null) {
                throw ProblemException.invalid("quote", "a comment on a passage needs its quote");
            }
            quote = checkText("quote", command.quote(), config.maxQuoteChars());
            start = anchor("anchor.start", command.anchor().start());
            end = anchor("anchor.end", command.anchor().end());
        }
        Optional<UUID> replay = idempotency.claim(caller.userId(), command.idempotencyKey(), "workspace.add_comment",
                Map.of("documentId", documentId, "command", command), UUID.class);
        if (replay.isPresent()) {
            return row(replay.get()).orElseThrow(ProblemException::notFound);
        }
        // serialises additions to one document so the count below holds
        jdbc.prepareStatement("SELECT 1 FROM workspace_document WHERE id = ? FOR UPDATE", ps -> {
            ps.setObject(1, documentId);
            ps.executeQuery().close();
            return null;
        });
        long count = jdbc.prepareStatement("SELECT count(*) FROM workspace_comment WHERE document_id = ?", ps -> {
            ps.setObject(1, documentId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
        if (count >= config.maxPerDocument()) {
            throw ProblemException.conflict("A document holds at most " + config.maxPerDocument() + " comments");
        }
        UUID id = UUID.randomUUID();
        UUID parentId = parent == null ? null : parent.id();
        String storedQuote = quote;
        byte[] storedStart = start;
        byte[] storedEnd = end;
        jdbc.prepareStatement("INSERT INTO workspace_comment (id, document_id, parent_id, author_id, body, quote, anchor_start, "
                + "anchor_end, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
            ps.setObject(1, id);
            ps.setObject(2, documentId);
            ps.setObject(3, parentId);
            ps.setObject(4, caller.userId());
            ps.setString(5, body);
            ps.setString(6, storedQuote);
            ps.setBytes(7, storedStart);
            ps.setBytes(8, storedEnd);
            ps.setTimestamp(9, Timestamp.from(clock.instant()));
            return ps.executeUpdate();
        });
        CommentView view = row(id).orElseThrow();
        streams.append(WorkspaceAccess.workspaceStream(workspaceId), "workspace.comment_added", event(view));
        idempotency.complete(caller.userId(), command.idempotencyKey(), id);
        if (parent != null && !parent.author().id().equals(caller.userId())
                && access.isMember(parent.author().id(), workspaceId)) {
            notifications.notify(Notice.of(parent.author().id(), REPLIED_KIND, "/documents/" + documentId,
                    Map.of("title", title(documentId), "author", names.displayName(caller.userId()),
                            "commentId", parent.id().toString(), "replyId", id.toString())));
        }
        LOG.info("comment added commentId={} documentId={} reply={} by={}", id, documentId, parent != null, caller.userId());
        return view;
    }

    /** Every comment of the document, open and resolved, oldest first, read with the stream's sequence. */
    @Transactional(readOnly = true, isolation = TransactionDefinition.Isolation.REPEATABLE_READ)
    public CommentList list(Caller caller, UUID documentId) {
        UUID workspaceId = access.documentWorkspace(caller.userId(), documentId).orElseThrow(ProblemException::notFound);
        String stream = WorkspaceAccess.workspaceStream(workspaceId);
        long seq = streams.currentSeq(stream);
        List<CommentView> comments = jdbc.prepareStatement("SELECT " + COLUMNS + FROM
                + "WHERE c.document_id = ? ORDER BY c.created_at, c.id", ps -> {
            ps.setObject(1, documentId);
            List<CommentView> list = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(read(rs));
                }
            }
            return list;
        });
        return new CommentList(documentId, stream, seq, comments);
    }

    /**
     * Marks a thread resolved. The UPDATE's {@code resolved_at IS NULL} lets one of two
     * concurrent resolutions through; the other (and any later one) changes nothing and
     * answers the comment as it is.
     */
    @Transactional
    public CommentView resolve(Caller caller, UUID documentId, UUID commentId) {
        return setResolved(caller, documentId, commentId, true);
    }

    /** Opens a resolved thread again; reopening an open one changes nothing. */
    @Transactional
    public CommentView reopen(Caller caller, UUID documentId, UUID commentId) {
        return setResolved(caller, documentId, commentId, false);
    }

    private CommentView setResolved(Caller caller, UUID documentId, UUID commentId, boolean resolved) {
        UUID workspaceId = access.documentWorkspace(caller.userId(), documentId).orElseThrow(ProblemException::notFound);
        CommentView comment = row(commentId).filter(r -> r.documentId().equals(documentId))
                .orElseThrow(ProblemException::notFound);
        if (comment.parentId() != null) {
            throw ProblemException.conflict("A reply follows its thread: resolve or reopen the thread's first comment");
        }
        int changed = jdbc.prepareStatement(resolved
                ? "UPDATE workspace_comment SET resolved_by = ?, resolved_at = ? WHERE id = ? AND resolved_at IS NULL"
                : "UPDATE workspace_comment SET resolved_by = NULL, resolved_at = NULL WHERE id = ? AND resolved_at IS NOT NULL", ps -> {
            if (resolved) {
                ps.setObject(1, caller.userId());
                ps.setTimestamp(2, Timestamp.from(clock.instant()));
                ps.setObject(3, commentId);
            } else {
                ps.setObject(1, commentId);
            }
            return ps.executeUpdate();
        });
        CommentView view = row(commentId).orElseThrow();
        if (changed == 0) {
            return view;
        }
        streams.append(WorkspaceAccess.workspaceStream(workspaceId),
                resolved ? "workspace.comment_resolved" : "workspace.comment_reopened", event(view));
        LOG.info("comment {} commentId={} documentId={} by={}", resolved ? "resolved" : "reopened", commentId, documentId, caller.userId());
        return view;
    }

    // ---- moderation (called by the moderation feature, inside its transaction) ------------

    /** A comment as moderators see it: its text even when hidden, its author, its document and workspace. */
    public record ModeratedComment(UUID id, UUID documentId, String documentTitle, UUID workspaceId, String workspaceName,
                                   UUID authorId, String authorName, String body, boolean hidden, boolean moderated) {
        public String link() {
            return "/documents/" + documentId + "#comment-" + id;
        }
    }

    /** The comment if this person may read it (a member of its workspace) and it is not hidden; 404 otherwise. */
    @Transactional(readOnly = true)
    public ModeratedComment readableComment(Caller caller, UUID commentId) {
        ModeratedComment comment = moderatedComment(commentId).orElseThrow(ProblemException::notFound);
        if (comment.hidden() || access.documentWorkspace(caller.userId(), comment.documentId()).isEmpty()) {
            throw ProblemException.notFound();
        }
        return comment;
    }

    @Transactional(readOnly = true)
    public Optional<ModeratedComment> moderatedComment(UUID commentId) {
        return jdbc.prepareStatement("""
                SELECT c.id, c.document_id, d.title, w.id, w.name, a.id, a.display_name, c.body,
                       c.hidden_at IS NOT NULL, c.moderated_at IS NOT NULL
                FROM workspace_comment c JOIN workspace_document d ON d.id = c.document_id
                JOIN workspace w ON w.id = d.workspace_id JOIN app_user a ON a.id = c.author_id WHERE c.id = ?""", ps -> {
            ps.setObject(1, commentId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new ModeratedComment((UUID) rs.getObject(1), (UUID) rs.getObject(2), rs.getString(3),
                        (UUID) rs.getObject(4), rs.getString(5), (UUID) rs.getObject(6), rs.getString(7), rs.getString(8),
                        rs.getBoolean(9), rs.getBoolean(10))) : Optional.empty();
            }
        });
    }

    /** Hides the comment: members get it empty, live ({@code workspace.comment_moderated}) and in every replay. */
    @Transactional(propagation = io.micronaut.transaction.TransactionDefinition.Propagation.MANDATORY)
    public void hideByModeration(Caller moderator, UUID commentId) {
        ModeratedComment comment = moderatedComment(commentId).orElseThrow(ProblemException::notFound);
        jdbc.prepareStatement("UPDATE workspace_comment SET hidden_at = ?, hidden_by = ? WHERE id = ? AND hidden_at IS NULL", ps -> {
            ps.setTimestamp(1, Timestamp.from(clock.instant()));
            ps.setObject(2, moderator.userId());
            ps.setObject(3, commentId);
            return ps.executeUpdate();
        });
        moderated(comment, true);
    }

    /** Replaces the comment's text, marked as edited by moderation; the earlier text leaves the stored events. */
    @Transactional(propagation = io.micronaut.transaction.TransactionDefinition.Propagation.MANDATORY)
    public void editByModeration(Caller moderator, UUID commentId, String text) {
        String body = checkText("text", text == null ? "" : text, config.maxBodyChars());
        ModeratedComment comment = moderatedComment(commentId).orElseThrow(ProblemException::notFound);
        if (comment.hidden()) {
            throw ProblemException.conflict("This comment was hidden");
        }
        jdbc.prepareStatement("UPDATE workspace_comment SET body = ?, moderated_at = ? WHERE id = ?", ps -> {
            ps.setString(1, body);
            ps.setTimestamp(2, Timestamp.from(clock.instant()));
            ps.setObject(3, commentId);
            return ps.executeUpdate();
        });
        moderated(comment, false);
    }

    private void moderated(ModeratedComment comment, boolean hidden) {
        CommentView view = row(comment.id()).orElseThrow();
        String stream = WorkspaceAccess.workspaceStream(comment.workspaceId());
        jdbc.prepareStatement("UPDATE stream_event SET payload = jsonb_set(payload, '{comment}', (payload -> 'comment') || "
                + "jsonb_build_object('body', ?::text, 'hidden', ?, 'moderated', ?)) "
                + "WHERE stream_id = ? AND payload -> 'comment' ->> 'id' = ?", ps -> {
            ps.setString(1, view.body());
            ps.setBoolean(2, view.hidden());
            ps.setBoolean(3, view.moderated());
            ps.setString(4, stream);
            ps.setString(5, comment.id().toString());
            return ps.executeUpdate();
        });
        streams.append(stream, "workspace.comment_moderated", event(view));
        LOG.info("comment moderated commentId={} hidden={}", comment.id(), hidden);
    }

    // ---- checks --------------------------------------------------------------------------

    /** Stripped, not empty, at most {@code max} characters (code points), no NUL (PostgreSQL refuses it in text). */
    private static String checkText(String field, String text, int max) {
        String stripped = text.strip();
        if (stripped.isEmpty()) {
            throw ProblemException.invalid(field, "must not be empty");
        }
        if (stripped.indexOf('\0') >= 0) {
            throw ProblemException.invalid(field, "must not contain NUL characters");
        }
        if (stripped.codePointCount(0, stripped.length()) > max) {
            throw ProblemException.invalid(field, "is limited to " + max + " characters");
        }
        return stripped;
    }

    private byte[] anchor(String field, String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(field, "must be base64");
        }
        if (bytes.length > config.maxAnchorBytes()) {
            throw ProblemException.invalid(field, "is limited to " + config.maxAnchorBytes() + " bytes");
        }
        try {
            YjsUpdate.readRelativePosition(bytes);
        } catch (YjsUpdate.Malformed e) {
            throw ProblemException.invalid(field, "is not a Yjs relative position: " + e.getMessage());
        }
        return bytes;
    }

    // ---- reading -------------------------------------------------------------------------

    private Optional<CommentView> row(UUID id) {
        return jdbc.prepareStatement("SELECT " + COLUMNS + FROM + "WHERE c.id = ?", ps -> {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        });
    }

    private static CommentView read(ResultSet rs) throws SQLException {
        byte[] start = rs.getBytes(6);
        byte[] end = rs.getBytes(7);
        Anchor anchor = start == null ? null
                : new Anchor(Base64.getEncoder().encodeToString(start), Base64.getEncoder().encodeToString(end));
        Timestamp resolvedAt = rs.getTimestamp(9);
        UUID resolverId = (UUID) rs.getObject(13);
        Person resolver = resolverId == null ? null : new Person(resolverId, rs.getString(14), rs.getString(15));
        // A comment hidden by moderation keeps its place (its thread, its passage) without its text.
        boolean hidden = rs.getTimestamp(16) != null;
        return new CommentView((UUID) rs.getObject(1), (UUID) rs.getObject(2), (UUID) rs.getObject(3),
                new Person((UUID) rs.getObject(10), rs.getString(11), rs.getString(12)), hidden ? "" : rs.getString(4),
                rs.getString(5), anchor, rs.getTimestamp(8).toInstant(), resolver, resolvedAt == null ? null : resolvedAt.toInstant(),
                hidden, rs.getTimestamp(17) != null);
    }

    private String title(UUID documentId) {
        return jdbc.prepareStatement("SELECT title FROM workspace_document WHERE id = ?", ps -> {
            ps.setObject(1, documentId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        });
    }

    private static Map<String, Object> event(CommentView view) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("documentId", view.documentId());
        event.put("comment", view);
        return event;
    }
}
