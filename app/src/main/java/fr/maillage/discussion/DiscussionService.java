package fr.maillage.discussion;

import fr.maillage.core.error.ProblemException;
import fr.maillage.core.security.Caller;
import fr.maillage.core.socket.SocketCommandHandler.CommandResult;
import fr.maillage.core.stream.Idempotency;
import fr.maillage.core.stream.StreamEvent;
import fr.maillage.core.stream.StreamService;
import fr.maillage.discussion.DiscussionFrames.CreateThreadCommand;
import fr.maillage.discussion.DiscussionFrames.DeletePostCommand;
import fr.maillage.discussion.DiscussionFrames.MarkSolvedCommand;
import fr.maillage.discussion.DiscussionFrames.ModerateThreadCommand;
import fr.maillage.discussion.DiscussionViews.Person;
import fr.maillage.discussion.DiscussionFrames.EditPostCommand;
import fr.maillage.discussion.DiscussionFrames.ReactCommand;
import fr.maillage.discussion.DiscussionFrames.ReplyCommand;
import fr.maillage.discussion.DiscussionViews.PostView;
import fr.maillage.discussion.DiscussionViews.RevisionView;
import fr.maillage.discussion.DiscussionViews.ThemePage;
import fr.maillage.discussion.DiscussionViews.ThemeSummary;
import fr.maillage.discussion.DiscussionViews.ThreadPage;
import fr.maillage.discussion.DiscussionViews.ThreadView;
import fr.maillage.notification.NotificationService;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.Set;
import java.util.HashSet;
import java.util.UUID;

/**
 * Threads and posts. Each command is one transaction: check access, claim the idempotency
 * key, write, append the theme stream's event (published after commit), store the answer.
 */
@Singleton
public class DiscussionService {
    private static final Logger LOG = LoggerFactory.getLogger(DiscussionService.class);
    static final int MAX_POSTS_PER_PAGE = 500;

    private final JdbcOperations jdbc;
    private final StreamService streams;
    private final Idempotency idempotency;
    private final DiscussionAccess access;
    private final Markdown markdown;
    private final DiscussionNotices notices;
    private final NotificationService notifications;
    private final JsonMapper json;
    private final Clock clock;

    /** Moderation by facilitators goes to the audit log (field-injected: the constructor is busy enough). */
    @jakarta.inject.Inject
    fr.maillage.audit.AuditService audit;

    DiscussionService(JdbcOperations jdbc, StreamService streams, Idempotency idempotency, DiscussionAccess access,
                      Markdown markdown, DiscussionNotices notices, NotificationService notifications, JsonMapper json, Clock clock) {
        this.notices = notices;
        this.notifications = notifications;
        this.jdbc = jdbc;
        this.streams = streams;
        this.idempotency = idempotency;
        this.access = access;
        this.markdown = markdown;
        this.json = json;
        this.clock = clock;
    }

    // ---- commands ------------------------------------------------------------------------

    @Transactional
    public CommandResult createThread(Caller caller, CreateThreadCommand command) {
        fr.maillage.core.web.DisplayText.require("title", command.title());
        if (!access.canReadTheme(caller.userId(), command.theme())) {
            throw ProblemException.notFound();
        }
        Optional<CommandResult> replay = replay(caller, command.idempotencyKey(), "discussion.create_thread", command);
        if (replay.isPresent()) {
            return replay.get();
        }
        Instant now = clock.instant();
        UUID threadId = UUID.randomUUID();
        UUID postId = UUID.randomUUID();
        update("INSERT INTO discussion_thread (id, theme_slug, kind, title, author_id, created_at, last_post_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                threadId, command.theme(), command.kind(), command.title().strip(), caller.userId(), Timestamp.from(now), Timestamp.from(now));
        insertPost(postId, threadId, caller.userId(), command.body(), null, now);
        storeMentions(postId, command.theme(), command.mentions());
        markRead(caller.userId(), threadId, now);
        ThreadView created = thread(threadId);
        notices.postCreated(caller.userId(), created.authorName(), command.theme(), threadId, created.title(), postId,
                true, command.mentions(), null);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("thread", created);
        event.put("post", post(postId));
        StreamEvent stored = streams.append(DiscussionAccess.stream(command.theme()), "discussion.thread_created", event);
        LOG.info("thread created threadId={} theme={} seq={}", threadId, command.theme(), stored.seq());
        return remember(caller, command.idempotencyKey(), stored.seq(), Map.of("threadId", threadId, "postId", postId));
    }

    @Transactional
    public CommandResult reply(Caller caller, ReplyCommand command) {
        ThreadView thread = readableThread(caller, command.threadId());
        Optional<CommandResult> replay = replay(caller, command.idempotencyKey(), "discussion.reply", command);
        if (replay.isPresent()) {
            return replay.get();
        }
        if (thread.locked() && !caller.role().animates()) {
            throw ProblemException.conflict("This thread is locked");
        }
        if (command.replyTo() != null && !postInThread(command.replyTo(), thread.id())) {
            throw ProblemException.invalid("replyTo", "must be a post of the same thread");
        }
        Instant now = clock.instant();
        UUID postId = UUID.randomUUID();
        insertPost(postId, thread.id(), caller.userId(), command.body(), command.replyTo(), now);
        update("UPDATE discussion_thread SET last_post_at = ?, post_count = post_count + 1 WHERE id = ?", Timestamp.from(now), thread.id());
        storeMentions(postId, thread.theme(), command.mentions());
        markRead(caller.userId(), thread.id(), now);
        PostView created = post(postId);
        // A reply answers the post it quotes, else the thread's opening post.
        UUID repliedTo = command.replyTo() == null ? thread.authorId() : postRow(command.replyTo()).map(PostRow::authorId).orElse(null);
        notices.postCreated(caller.userId(), created.authorName(), thread.theme(), thread.id(), thread.title(), postId,
                false, command.mentions(), repliedTo);
        StreamEvent stored = streams.append(DiscussionAccess.stream(thread.theme()), "discussion.post_created", Map.of("post", created));
        return remember(caller, command.idempotencyKey(), stored.seq(), Map.of("postId", postId));
    }

    @Transactional
    public CommandResult editPost(Caller caller, EditPostCommand command) {
        // Locked: two edits of one post at once would both number the same revision and keep a stale body.
        PostRow row = postRowForUpdate(command.postId()).orElseThrow(ProblemException::notFound);
        ThreadView thread = readableThread(caller, row.threadId());
        Optional<CommandResult> replay = replay(caller, command.idempotencyKey(), "discussion.edit_post", command);
        if (replay.isPresent()) {
            return replay.get();
        }
        requireAuthorOrFacilitator(caller, row, "edits");
        if (row.deleted()) {
            throw ProblemException.conflict("This post was deleted");
        }
        if (row.hidden()) {
            throw ProblemException.conflict("This post was hidden by moderation");
        }
        Instant now = clock.instant();
        update("INSERT INTO discussion_post_revision (post_id, revision, body, replaced_at) "
                        + "VALUES (?, (SELECT COALESCE(MAX(revision), 0) + 1 FROM discussion_post_revision WHERE post_id = ?), ?, ?)",
                row.id(), row.id(), row.body(), Timestamp.from(now));
        update("UPDATE discussion_post SET body = ?, html = ?, edited_at = ? WHERE id = ?",
                command.body(), markdown.toHtml(command.body()), Timestamp.from(now), row.id());
        if (!row.authorId().equals(caller.userId())) {
            audit.record(caller, "discussion.post_edited", new fr.maillage.audit.AuditService.Target("post", row.id().toString(), thread.title()),
                    Map.of("body", row.body()), Map.of("body", command.body()));
        }
        Set<UUID> before = new HashSet<>(mentions(row.id()).stream().map(Person::id).toList());
        update("DELETE FROM discussion_mention WHERE post_id = ?", row.id());
        storeMentions(row.id(), thread.theme(), command.mentions());
        if (command.mentions() != null) {
            List<UUID> added = command.mentions().stream().filter(id -> !before.contains(id)).toList();
            notices.mentionsAdded(row.authorId(), post(row.id()).authorName(), thread.theme(), thread.id(), thread.title(), row.id(), added);
        }
        StreamEvent stored = streams.append(DiscussionAccess.stream(thread.theme()), "discussion.post_edited", Map.of("post", post(row.id())));
        return remember(caller, command.idempotencyKey(), stored.seq(), Map.of("postId", row.id()));
    }

    @Transactional
    public CommandResult react(Caller caller, ReactCommand command) {
        PostRow row = postRow(command.postId()).orElseThrow(ProblemException::notFound);
        ThreadView thread = readableThread(caller, row.threadId());
        Optional<CommandResult> replay = replay(caller, command.idempotencyKey(), "discussion.react", command);
        if (replay.isPresent()) {
            return replay.get();
        }
        if (command.active()) {
            update("INSERT INTO discussion_reaction (post_id, user_id, emoji, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    row.id(), caller.userId(), command.emoji(), Timestamp.from(clock.instant()));
        } else {
            update("DELETE FROM discussion_reaction WHERE post_id = ? AND user_id = ? AND emoji = ?", row.id(), caller.userId(), command.emoji());
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("postId", row.id());
        event.put("reactions", reactions(row.id()));
        StreamEvent stored = streams.append(DiscussionAccess.stream(thread.theme()), "discussion.reaction_changed", event);
        return remember(caller, command.idempotencyKey(), stored.seq(), Map.of("postId", row.id()));
    }

    @Transactional
    public CommandResult markSolved(Caller caller, MarkSolvedCommand command) {
        ThreadView thread = readableThread(caller, command.threadId());
        Optional<CommandResult> replay = replay(caller, command.idempotencyKey(), "discussion.mark_solved", command);
        if (replay.isPresent()) {
            return replay.get();
        }
        if (!"question".equals(thread.kind())) {
            throw ProblemException.conflict("Only a question can be marked solved");
        }
        if (!thread.authorId().equals(caller.userId()) && !caller.role().animates()) {
            throw ProblemException.forbidden("Only the author of the question or a facilitator marks it solved");
        }
        if (command.postId() != null) {
            PostRow answer = postRow(command.postId()).filter(p -> p.threadId().equals(thread.id()))
                    .orElseThrow(() -> ProblemException.invalid("postId", "must be a post of this thread"));
            if (answer.deleted()) {
                throw ProblemException.invalid("postId", "this post was deleted");
            }
        }
        update("UPDATE discussion_thread SET solved_post_id = ? WHERE id = ?", command.postId(), thread.id());
        StreamEvent stored = streams.append(DiscussionAccess.stream(thread.theme()), "discussion.thread_updated",
                Map.of("thread", thread(thread.id())));
        return remember(caller, command.idempotencyKey(), stored.seq(), Map.of("threadId", thread.id()));
    }

    @Transactional
    public CommandResult deletePost(Caller caller, DeletePostCommand command) {
        PostRow row = postRowForUpdate(command.postId()).orElseThrow(ProblemException::notFound);
        ThreadView thread = readableThread(caller, row.threadId());
        Optional<CommandResult> replay = replay(caller, command.idempotencyKey(), "discussion.delete_post", command);
        if (replay.isPresent()) {
            return replay.get();
        }
        requireAuthorOrFacilitator(caller, row, "deletes");
        if (row.deleted()) {
            throw ProblemException.conflict("This post was already deleted");
        }
        update("UPDATE discussion_post SET deleted_at = ? WHERE id = ?", Timestamp.from(clock.instant()), row.id());
        // A deleted post's earlier texts go with it: its history must not keep what was removed,
        // nor the stored events a reconnecting reader replays.
        update("DELETE FROM discussion_post_revision WHERE post_id = ?", row.id());
        maskStoredEvents(row.id(), Map.of("body", "", "html", "", "mentions", List.of(), "deleted", true));
        if (!row.authorId().equals(caller.userId())) {
            audit.record(caller, "discussion.post_deleted", new fr.maillage.audit.AuditService.Target("post", row.id().toString(), thread.title()),
                    Map.of("body", row.body()), null);
        }
        StreamEvent stored = streams.append(DiscussionAccess.stream(thread.theme()), "discussion.post_deleted",
                Map.of("post", post(row.id())));
        if (row.id().equals(thread.solvedPostId())) {
            // The answer is gone: the question is open again, and readers are told.
            update("UPDATE discussion_thread SET solved_post_id = NULL WHERE id = ?", thread.id());
            stored = streams.append(DiscussionAccess.stream(thread.theme()), "discussion.thread_updated",
                    Map.of("thread", thread(thread.id())));
        }
        return remember(caller, command.idempotencyKey(), stored.seq(), Map.of("postId", row.id()));
    }

    /** Pin, lock or move a thread: facilitators and administrators only. */
    @Transactional
    public CommandResult moderateThread(Caller caller, ModerateThreadCommand command) {
        ThreadView thread = readableThread(caller, command.threadId());
        Optional<CommandResult> replay = replay(caller, command.idempotencyKey(), "discussion.moderate_thread", command);
        if (replay.isPresent()) {
            return replay.get();
        }
        if (!caller.role().animates()) {
            throw ProblemException.forbidden("Only facilitators and administrators moderate threads");
        }
        boolean moving = command.theme() != null && !command.theme().equals(thread.theme());
        if (moving && !access.canReadTheme(caller.userId(), command.theme())) {
            throw ProblemException.invalid("theme", "unknown or archived theme");
        }
        if (command.pinned() == null && command.locked() == null && !moving) {
            throw ProblemException.invalid("pinned", "give pinned, locked or another theme");
        }
        audit.record(caller, "discussion.thread_moderated", new fr.maillage.audit.AuditService.Target("thread", thread.id().toString(), thread.title()),
                Map.of("pinned", thread.pinned(), "locked", thread.locked(), "theme", thread.theme()),
                Map.of("pinned", command.pinned() == null ? thread.pinned() : command.pinned(),
                        "locked", command.locked() == null ? thread.locked() : command.locked(),
                        "theme", moving ? command.theme() : thread.theme()));
        Long seq = null;
        if (command.pinned() != null || command.locked() != null) {
            update("UPDATE discussion_thread SET pinned = COALESCE(?, pinned), locked = COALESCE(?, locked) WHERE id = ?",
                    command.pinned(), command.locked(), thread.id());
            seq = streams.append(DiscussionAccess.stream(thread.theme()), "discussion.thread_updated",
                    Map.of("thread", thread(thread.id()))).seq();
        }
        if (moving) {
            update("UPDATE discussion_thread SET theme_slug = ? WHERE id = ?", command.theme(), thread.id());
            ThreadView moved = thread(thread.id());
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("thread", moved);
            event.put("from", thread.theme());
            streams.append(DiscussionAccess.stream(thread.theme()), "discussion.thread_moved", event);
            seq = streams.append(DiscussionAccess.stream(command.theme()), "discussion.thread_moved", event).seq();
            LOG.info("thread moved threadId={} from={} to={}", thread.id(), thread.theme(), command.theme());
        }
        return remember(caller, command.idempotencyKey(), seq, Map.of("threadId", thread.id()));
    }

    // ---- moderation (called by the moderation feature, inside its transaction) ------------

    /** A post as moderators see it: its text even when hidden, its author, and where it is. */
    public record ModeratedPost(UUID postId, UUID threadId, String theme, String themeLabelFr, String themeLabelEn,
                                String threadTitle, UUID authorId, String authorName, String body, boolean hidden,
                                boolean moderated, boolean deleted) {
        public String link() {
            return DiscussionNotices.link(threadId) + "#post-" + postId;
        }
    }

    /** The post if this person may read it (what one reports), else 404: deleted and hidden posts too. */
    @Transactional(readOnly = true)
    public ModeratedPost readablePost(Caller caller, UUID postId) {
        ModeratedPost post = moderatedPost(postId).orElseThrow(ProblemException::notFound);
        readableThread(caller, post.threadId());
        if (post.deleted() || post.hidden()) {
            throw ProblemException.notFound();
        }
        return post;
    }

    /** The post whatever its state, for the moderation queue (no access check: moderators only). */
    @Transactional(readOnly = true)
    public Optional<ModeratedPost> moderatedPost(UUID postId) {
        return jdbc.prepareStatement("""
                SELECT p.id, p.thread_id, d.theme_slug, th.label_fr, th.label_en, d.title, p.author_id, u.display_name, p.body,
                       p.hidden_at IS NOT NULL, p.moderated_at IS NOT NULL, p.deleted_at IS NOT NULL
                FROM discussion_post p JOIN discussion_thread d ON d.id = p.thread_id JOIN app_user u ON u.id = p.author_id
                JOIN theme th ON th.slug = d.theme_slug
                WHERE p.id = ?""", ps -> {
            ps.setObject(1, postId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new ModeratedPost(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getObject(7, UUID.class),
                        rs.getString(8), rs.getString(9), rs.getBoolean(10), rs.getBoolean(11), rs.getBoolean(12)))
                        : Optional.empty();
            }
        });
    }

    /**
     * Moderation hides the post: readers get a tombstone in its place, live
     * ({@code discussion.post_hidden}), and the stored events that carried its text are masked
     * too, so that no replay serves it again. The text stays in the row for moderators.
     */
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void hideByModeration(Caller moderator, UUID postId) {
        PostRow row = postRowForUpdate(postId).orElseThrow(ProblemException::notFound);
        ThreadView thread = thread(row.threadId());
        update("UPDATE discussion_post SET hidden_at = ?, hidden_by = ? WHERE id = ? AND hidden_at IS NULL",
                Timestamp.from(clock.instant()), moderator.userId(), row.id());
        maskStoredEvents(row.id(), Map.of("body", "", "html", "", "mentions", List.of(), "hidden", true));
        streams.append(DiscussionAccess.stream(thread.theme()), "discussion.post_hidden", Map.of("post", post(row.id())));
        LOG.info("post hidden by moderation postId={} by={}", row.id(), moderator.userId());
    }

    /**
     * Moderation replaces the post's text: it shows "edited by moderation", its earlier texts
     * leave its history and the stored events, and readers get {@code discussion.post_edited}.
     */
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void editByModeration(Caller moderator, UUID postId, String body) {
        if (body == null || body.isBlank()) {
            throw ProblemException.invalid("body", "must not be blank");
        }
        if (body.length() > DiscussionFrames.BODY_MAX) {
            throw ProblemException.invalid("body", "give at most " + DiscussionFrames.BODY_MAX + " characters");
        }
        PostRow row = postRowForUpdate(postId).orElseThrow(ProblemException::notFound);
        if (row.deleted() || row.hidden()) {
            throw ProblemException.conflict("This post was deleted or hidden");
        }
        ThreadView thread = thread(row.threadId());
        Instant now = clock.instant();
        String html = markdown.toHtml(body);
        update("INSERT INTO discussion_post_revision (post_id, revision, body, replaced_at) "
                        + "VALUES (?, (SELECT COALESCE(MAX(revision), 0) + 1 FROM discussion_post_revision WHERE post_id = ?), ?, ?)",
                row.id(), row.id(), row.body(), Timestamp.from(now));
        update("UPDATE discussion_post SET body = ?, html = ?, edited_at = ?, moderated_at = ? WHERE id = ?",
                body, html, Timestamp.from(now), Timestamp.from(now), row.id());
        maskStoredEvents(row.id(), Map.of("body", body, "html", html, "moderated", true));
        streams.append(DiscussionAccess.stream(thread.theme()), "discussion.post_edited", Map.of("post", post(row.id())));
        LOG.info("post edited by moderation postId={} by={}", row.id(), moderator.userId());
    }

    /** Rewrites the post inside every stored theme event that carries it (created, edited, deleted). */
    private void maskStoredEvents(UUID postId, Map<String, Object> fields) {
        String patch;
        try {
            patch = json.writeValueAsString(fields);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        update("UPDATE stream_event SET payload = jsonb_set(payload, '{post}', (payload -> 'post') || ?::jsonb) "
                + "WHERE stream_id LIKE 'theme:%' AND payload -> 'post' ->> 'id' = ?", patch, postId.toString());
    }

    /** Everything in the thread so far is read by this person. */
    @Transactional
    public void markRead(Caller caller, UUID threadId) {
        ThreadView thread = readableThread(caller, threadId);
        markRead(caller.userId(), thread.id(), clock.instant());
    }

    @Transactional
    public String followThread(Caller caller, UUID threadId, String level) {
        ThreadView thread = readableThread(caller, threadId);
        return follow(caller.userId(), "thread", thread.id().toString(), level);
    }

    @Transactional
    public String followTheme(Caller caller, String slug, String level) {
        if (!access.canReadTheme(caller.userId(), slug)) {
            throw ProblemException.notFound();
        }
        return follow(caller.userId(), "theme", slug, level);
    }

    private String follow(UUID userId, String kind, String target, String level) {
        if ("mailing_list".equals(level) && !"theme".equals(kind)) {
            throw ProblemException.invalid("level", "mailing_list is a theme's level: a thread is following, muted or default");
        }
        if (!List.of("following", "muted", "default", "mailing_list").contains(level)) {
            throw ProblemException.invalid("level", "must be following, mailing_list, muted or default");
        }
        if ("default".equals(level)) {
            update("DELETE FROM discussion_follow WHERE user_id = ? AND target_kind = ? AND target = ?", userId, kind, target);
        } else {
            update("INSERT INTO discussion_follow (user_id, target_kind, target, level) VALUES (?, ?, ?, ?) "
                    + "ON CONFLICT (user_id, target_kind, target) DO UPDATE SET level = EXCLUDED.level", userId, kind, target, level);
        }
        return level;
    }

    private void markRead(UUID userId, UUID threadId, Instant now) {
        notifications.markReadByLink(userId, DiscussionNotices.link(threadId));
        update("INSERT INTO discussion_read (user_id, thread_id, read_count, read_at) "
                + "SELECT ?, id, post_count, ? FROM discussion_thread WHERE id = ? "
                + "ON CONFLICT (user_id, thread_id) DO UPDATE SET read_count = EXCLUDED.read_count, read_at = EXCLUDED.read_at",
                userId, Timestamp.from(now), threadId);
    }

    /** Mentioned people must exist and be able to read the theme: nobody is told of what they cannot see. */
    private void storeMentions(UUID postId, String theme, List<UUID> mentioned) {
        if (mentioned == null) {
            return;
        }
        for (UUID userId : new java.util.LinkedHashSet<>(mentioned)) {
            if (userId == null || !access.canReadTheme(userId, theme)) {
                throw ProblemException.invalid("mentions", "every mentioned person must be able to read this theme");
            }
            update("INSERT INTO discussion_mention (post_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING", postId, userId);
        }
    }

    private List<Person> mentions(UUID postId) {
        return mentions(new UUID[]{postId}).getOrDefault(postId, List.of());
    }

    private Map<UUID, List<Person>> mentions(UUID[] postIds) {
        return jdbc.prepareStatement("SELECT m.post_id, u.id, u.display_name FROM discussion_mention m JOIN app_user u ON u.id = m.user_id "
                + "WHERE m.post_id = ANY(?) ORDER BY u.display_name, u.id", ps -> {
            ps.setArray(1, ps.getConnection().createArrayOf("uuid", postIds));
            Map<UUID, List<Person>> map = new java.util.HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    map.computeIfAbsent(rs.getObject(1, UUID.class), p -> new ArrayList<>()).add(new Person(rs.getObject(2, UUID.class), rs.getString(3)));
                }
            }
            return map;
        });
    }

    // ---- reads (one snapshot: the data and the sequence they reflect agree) -----------------

    @Transactional(readOnly = true)
    public List<ThemeSummary> themes(Caller caller) {
        return jdbc.prepareStatement("""
                SELECT t.slug, t.label_fr, t.label_en, t.family, COUNT(d.id), MAX(d.last_post_at),
                       COALESCE(SUM(CASE WHEN tf.level = 'muted' OR thf.level = 'muted' THEN 0
                                         ELSE d.post_count - COALESCE(r.read_count, 0) END), 0),
                       COALESCE(MAX(tf.level), 'default')
                FROM theme t
                LEFT JOIN discussion_thread d ON d.theme_slug = t.slug
                LEFT JOIN discussion_read r ON r.thread_id = d.id AND r.user_id = ?
                LEFT JOIN discussion_follow tf ON tf.user_id = ? AND tf.target_kind = 'theme' AND tf.target = t.slug
                LEFT JOIN discussion_follow thf ON thf.user_id = ? AND thf.target_kind = 'thread' AND thf.target = d.id::text
                WHERE NOT t.archived AND (? <> 'guest' OR EXISTS (SELECT 1 FROM theme_guest g WHERE g.theme_slug = t.slug AND g.user_id = ?))
                GROUP BY t.slug, t.label_fr, t.label_en, t.family, t.sort_order ORDER BY t.sort_order
                """, ps -> {
            ps.setObject(1, caller.userId());
            ps.setObject(2, caller.userId());
            ps.setObject(3, caller.userId());
            ps.setString(4, caller.role().wire());
            ps.setObject(5, caller.userId());
            List<ThemeSummary> list = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp last = rs.getTimestamp(6);
                    list.add(new ThemeSummary(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getInt(5), last == null ? null : last.toInstant(), rs.getInt(7), rs.getString(8)));
                }
            }
            return list;
        });
    }

    @Transactional(readOnly = true, isolation = TransactionDefinition.Isolation.REPEATABLE_READ)
    public ThemePage themePage(Caller caller, String slug) {
        if (!access.canReadTheme(caller.userId(), slug)) {
            throw ProblemException.notFound();
        }
        String stream = DiscussionAccess.stream(slug);
        long seq = streams.currentSeq(stream);
        List<ThreadView> threads = jdbc.prepareStatement(THREAD_SELECT + " WHERE d.theme_slug = ? ORDER BY d.pinned DESC, d.last_post_at DESC LIMIT 200", ps -> {
            ps.setString(1, slug);
            return readThreads(ps.executeQuery());
        });
        Map<UUID, Integer> read = readCounts(caller.userId(), slug);
        Map<String, String> levels = followLevels(caller.userId());
        boolean themeMuted = "muted".equals(levels.get("theme:" + slug));
        threads = threads.stream().map(t -> {
            String level = levels.getOrDefault("thread:" + t.id(), "default");
            int unread = themeMuted || "muted".equals(level) ? 0 : Math.max(0, t.postCount() - read.getOrDefault(t.id(), 0));
            return t.forReader(unread, level);
        }).toList();
        return new ThemePage(stream, seq, threads);
    }

    @Transactional(readOnly = true, isolation = TransactionDefinition.Isolation.REPEATABLE_READ)
    public ThreadPage threadPage(Caller caller, UUID threadId) {
        ThreadView thread = readableThread(caller, threadId);
        String stream = DiscussionAccess.stream(thread.theme());
        long seq = streams.currentSeq(stream);
        List<PostView> posts = jdbc.prepareStatement(POST_SELECT + " WHERE p.thread_id = ? ORDER BY p.created_at, p.id LIMIT " + MAX_POSTS_PER_PAGE, ps -> {
            ps.setObject(1, threadId);
            return readPosts(ps.executeQuery());
        });
        return new ThreadPage(stream, seq, thread, posts);
    }

    private Map<UUID, Integer> readCounts(UUID userId, String slug) {
        return jdbc.prepareStatement("SELECT r.thread_id, r.read_count FROM discussion_read r JOIN discussion_thread d ON d.id = r.thread_id "
                + "WHERE r.user_id = ? AND d.theme_slug = ?", ps -> {
            ps.setObject(1, userId);
            ps.setString(2, slug);
            Map<UUID, Integer> map = new java.util.HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    map.put(rs.getObject(1, UUID.class), rs.getInt(2));
                }
            }
            return map;
        });
    }

    private Map<String, String> followLevels(UUID userId) {
        return jdbc.prepareStatement("SELECT target_kind, target, level FROM discussion_follow WHERE user_id = ?", ps -> {
            ps.setObject(1, userId);
            Map<String, String> map = new java.util.HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    map.put(rs.getString(1) + ":" + rs.getString(2), rs.getString(3));
                }
            }
            return map;
        });
    }

    @Transactional(readOnly = true)
    public List<RevisionView> history(Caller caller, UUID postId) {
        PostRow row = postRow(postId).orElseThrow(ProblemException::notFound);
        readableThread(caller, row.threadId());
        // Texts moderation hid or replaced are not history: a hidden post has none, an edited one
        // keeps only what its author wrote after the moderator's edit.
        return jdbc.prepareStatement("SELECT r.revision, r.body, r.replaced_at FROM discussion_post_revision r "
                + "JOIN discussion_post p ON p.id = r.post_id WHERE r.post_id = ? AND p.hidden_at IS NULL "
                + "AND (p.moderated_at IS NULL OR r.replaced_at > p.moderated_at) ORDER BY r.revision", ps -> {
            ps.setObject(1, postId);
            List<RevisionView> list = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(new RevisionView(rs.getInt(1), rs.getString(2), rs.getTimestamp(3).toInstant()));
                }
            }
            return list;
        });
    }

    // ---- helpers -------------------------------------------------------------------------

    private static final String THREAD_SELECT = """
            SELECT d.id, d.theme_slug, d.kind, d.title, d.author_id, u.display_name, d.created_at, d.last_post_at,
                   d.post_count, d.solved_post_id, d.pinned, d.locked
            FROM discussion_thread d JOIN app_user u ON u.id = d.author_id""";
    private static final String POST_SELECT = """
            SELECT p.id, p.thread_id, p.author_id, u.display_name, p.body, p.html, p.reply_to, p.created_at, p.edited_at, p.deleted_at,
                   u.deactivated_at IS NOT NULL, p.hidden_at, p.moderated_at
            FROM discussion_post p JOIN app_user u ON u.id = p.author_id""";

    private record PostRow(UUID id, UUID threadId, UUID authorId, String body, boolean deleted, boolean hidden) {
    }

    private static void requireAuthorOrFacilitator(Caller caller, PostRow post, String verb) {
        if (!post.authorId().equals(caller.userId()) && !caller.role().animates()) {
            throw ProblemException.forbidden("Only the author or a facilitator " + verb + " a post");
        }
    }

    private ThreadView readableThread(Caller caller, UUID threadId) {
        Optional<ThreadView> thread = jdbc.prepareStatement(THREAD_SELECT + " WHERE d.id = ?", ps -> {
            ps.setObject(1, threadId);
            return readThreads(ps.executeQuery()).stream().findFirst();
        });
        if (thread.isEmpty() || !access.canReadTheme(caller.userId(), thread.get().theme())) {
            throw ProblemException.notFound();
        }
        return thread.get();
    }

    private ThreadView thread(UUID id) {
        return jdbc.prepareStatement(THREAD_SELECT + " WHERE d.id = ?", ps -> {
            ps.setObject(1, id);
            return readThreads(ps.executeQuery()).get(0);
        });
    }

    private PostView post(UUID id) {
        return jdbc.prepareStatement(POST_SELECT + " WHERE p.id = ?", ps -> {
            ps.setObject(1, id);
            return readPosts(ps.executeQuery()).get(0);
        });
    }

    private Optional<PostRow> postRow(UUID id) {
        return postRow(id, "");
    }

    private Optional<PostRow> postRowForUpdate(UUID id) {
        return postRow(id, " FOR UPDATE");
    }

    private Optional<PostRow> postRow(UUID id, String lock) {
        return jdbc.prepareStatement("SELECT id, thread_id, author_id, body, deleted_at IS NOT NULL, hidden_at IS NOT NULL "
                + "FROM discussion_post WHERE id = ?" + lock, ps -> {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new PostRow(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getObject(3, UUID.class), rs.getString(4), rs.getBoolean(5), rs.getBoolean(6))) : Optional.empty();
            }
        });
    }

    private boolean postInThread(UUID postId, UUID threadId) {
        return postRow(postId).map(p -> p.threadId().equals(threadId)).orElse(false);
    }

    private void insertPost(UUID postId, UUID threadId, UUID authorId, String body, UUID replyTo, Instant now) {
        update("INSERT INTO discussion_post (id, thread_id, author_id, body, html, reply_to, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                postId, threadId, authorId, body, markdown.toHtml(body), replyTo, Timestamp.from(now));
    }

    private List<ThreadView> readThreads(ResultSet rs) throws SQLException {
        List<ThreadView> list = new ArrayList<>();
        try (rs) {
            while (rs.next()) {
                UUID solved = rs.getObject(10, UUID.class);
                list.add(new ThreadView(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, UUID.class), rs.getString(6), rs.getTimestamp(7).toInstant(), rs.getTimestamp(8).toInstant(),
                        rs.getInt(9), solved != null, solved, rs.getBoolean(11), rs.getBoolean(12), null, null));
            }
        }
        return list;
    }

    /**
     * The posts of a result set, with their reactions and mentions loaded in two more statements
     * for all of them (not two per post): a 500-post page costs three statements.
     */
    private List<PostView> readPosts(ResultSet rs) throws SQLException {
        List<PostView> bare = new ArrayList<>();
        try (rs) {
            while (rs.next()) {
                Timestamp edited = rs.getTimestamp(9);
                boolean deleted = rs.getTimestamp(10) != null;
                boolean hidden = rs.getTimestamp(12) != null;
                // A hidden post is a tombstone for everyone reading the thread: moderators read
                // its text in their queue only (moderation feature).
                boolean masked = deleted || hidden;
                bare.add(new PostView(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class), rs.getString(4),
                        masked ? "" : rs.getString(5), masked ? "" : rs.getString(6), rs.getObject(7, UUID.class),
                        rs.getTimestamp(8).toInstant(), edited == null ? null : edited.toInstant(), deleted, Map.of(),
                        List.of(), rs.getBoolean(11), hidden, rs.getTimestamp(13) != null));
            }
        }
        if (bare.isEmpty()) {
            return bare;
        }
        UUID[] ids = bare.stream().map(PostView::id).toArray(UUID[]::new);
        Map<UUID, Map<String, List<UUID>>> reactions = reactions(ids);
        Map<UUID, List<Person>> mentions = mentions(ids);
        return bare.stream().map(p -> new PostView(p.id(), p.threadId(), p.authorId(), p.authorName(), p.body(), p.html(), p.replyTo(),
                p.createdAt(), p.editedAt(), p.deleted(), reactions.getOrDefault(p.id(), new TreeMap<>()),
                p.hidden() ? List.of() : mentions.getOrDefault(p.id(), List.of()), p.authorDeactivated(), p.hidden(), p.moderated())).toList();
    }

    private Map<String, List<UUID>> reactions(UUID postId) {
        return reactions(new UUID[]{postId}).getOrDefault(postId, new TreeMap<>());
    }

    private Map<UUID, Map<String, List<UUID>>> reactions(UUID[] postIds) {
        return jdbc.prepareStatement("SELECT post_id, emoji, user_id FROM discussion_reaction WHERE post_id = ANY(?) ORDER BY created_at, user_id", ps -> {
            ps.setArray(1, ps.getConnection().createArrayOf("uuid", postIds));
            Map<UUID, Map<String, List<UUID>>> map = new java.util.HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    map.computeIfAbsent(rs.getObject(1, UUID.class), p -> new TreeMap<>())
                            .computeIfAbsent(rs.getString(2), e -> new ArrayList<>()).add(rs.getObject(3, UUID.class));
                }
            }
            return map;
        });
    }

    private void update(String sql, Object... args) {
        jdbc.prepareStatement(sql, ps -> {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        });
    }

    private Optional<CommandResult> replay(Caller caller, String key, String command, Object payload) {
        return idempotency.replay(caller.userId(), key, command, payload);
    }

    private CommandResult remember(Caller caller, String key, Long seq, Map<String, Object> result) {
        return idempotency.remember(caller.userId(), key, new CommandResult(seq, result));
    }
}
