package fr.maillage.discussion;

import fr.maillage.notification.Notice;
import fr.maillage.notification.NotificationService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.support.TransactionSynchronization;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Who is told of a new post, following each person's level for the thread (its own row, else
 * the theme's, else the default):
 * <ul>
 * <li>{@code following} (<em>everything</em>): mentions, replies, every new post of the thread,
 * and, set on a theme, every new thread of it;</li>
 * <li>{@code default} (<em>mentions and replies only</em>);</li>
 * <li>{@code muted} (<em>nothing</em>);</li>
 * <li>{@code mailing_list}, themes only: everything, and each notice is urgent, so it is
 * e-mailed at once (outside quiet hours) with its reply address: the theme read as a mailing
 * list. A thread muted on its own stays muted.</li>
 * </ul>
 * Each person gets at most one notice per post (a mention beats a reply beats a new post), never
 * for their own post, and never about a theme they cannot read.
 * <p>
 * Fan-out after commit (Zulip's {@code send_event_on_commit}): the post's transaction only writes
 * one {@code discussion_notice_job} row, so its commit time does not grow with the followers and a
 * rolled-back post notifies nobody. Right after the commit, the same thread tells everyone in a
 * transaction of its own and deletes the row. A row left by a crash in between is taken by the
 * sweep of any node ({@code FOR UPDATE SKIP LOCKED}: one node at a time); a retried job tells
 * nobody twice, since each notice's dedupe key is the post's.
 */
@Singleton
class DiscussionNotices {
    static final String MENTIONED = "discussion.mentioned";
    static final String REPLIED = "discussion.replied";
    static final String POSTED = "discussion.posted";
    static final String THREAD_CREATED = "discussion.thread_created";
    static final String MAILING_LIST = "mailing_list";
    private static final Set<String> FOLLOWING = Set.of("following", MAILING_LIST);

    private static final Logger LOG = LoggerFactory.getLogger(DiscussionNotices.class);
    /** A job whose after-commit run has not finished within this is the sweep's. */
    static final Duration SWEEP_AFTER = Duration.ofSeconds(30);
    static final int MAX_ATTEMPTS = 10;

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;
    private final DiscussionAccess access;
    private final NotificationService notifications;
    private final JsonMapper json;
    private final Clock clock;

    DiscussionNotices(JdbcOperations jdbc, TransactionOperations<Connection> transactions, DiscussionAccess access,
                      NotificationService notifications, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.access = access;
        this.notifications = notifications;
        this.json = json;
        this.clock = clock;
    }

    /** Who to tell about one post: what the post's transaction stores. */
    @Serdeable
    record Job(UUID authorId, String authorName, String theme, UUID threadId, String title, UUID postId,
               boolean opening, boolean followersToo, @Nullable List<UUID> mentioned, @Nullable UUID repliedTo) {
    }

    static String link(UUID threadId) {
        return "/threads/" + threadId;
    }

    /** A post was written: the opening post of a new thread ({@code opening}) or a reply. */
    void postCreated(UUID authorId, String authorName, String theme, UUID threadId, String title, UUID postId,
                     boolean opening, Collection<UUID> mentioned, UUID repliedTo) {
        enqueue(new Job(authorId, authorName, theme, threadId, title, postId, opening, true,
                mentioned == null ? null : List.copyOf(mentioned), repliedTo));
    }

    /** An edit mentioned new people: only they are told (once per post, see the dedupe key). */
    void mentionsAdded(UUID authorId, String authorName, String theme, UUID threadId, String title, UUID postId,
                       Collection<UUID> mentioned) {
        enqueue(new Job(authorId, authorName, theme, threadId, title, postId, false, false,
                mentioned == null ? null : List.copyOf(mentioned), null));
    }

    /** Inside the post's transaction: one row, and its run once that transaction has committed. */
    private void enqueue(Job job) {
        UUID id = UUID.randomUUID();
        jdbc.prepareStatement("INSERT INTO discussion_notice_job (id, payload, created_at) VALUES (?, ?::jsonb, ?)", ps -> {
            ps.setObject(1, id);
            ps.setString(2, write(job));
            ps.setTimestamp(3, Timestamp.from(clock.instant()));
            return ps.executeUpdate();
        });
        transactions.findTransactionStatus().orElseThrow().registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                run(id);
            }
        });
    }

    /**
     * Runs one job in a transaction of its own: claims its row (skipped when another node holds
     * it, or gone when done), tells everyone, deletes the row. A failure leaves the row, with one
     * more attempt counted, for the sweep. Returns whether the job was done here.
     */
    boolean run(UUID id) {
        try {
            return transactions.execute(TransactionDefinition.of(TransactionDefinition.Propagation.REQUIRES_NEW), status -> {
                Optional<Job> job = jdbc.prepareStatement(
                        "SELECT payload::text FROM discussion_notice_job WHERE id = ? FOR UPDATE SKIP LOCKED", ps -> {
                            ps.setObject(1, id);
                            try (ResultSet rs = ps.executeQuery()) {
                                return rs.next() ? Optional.of(read(rs.getString(1))) : Optional.<Job>empty();
                            }
                        });
                if (job.isEmpty()) {
                    return false;
                }
                Job j = job.get();
                tell(j.authorId(), j.authorName(), j.theme(), j.threadId(), j.title(), j.postId(), j.opening(), j.followersToo(),
                        j.mentioned(), j.repliedTo());
                jdbc.prepareStatement("DELETE FROM discussion_notice_job WHERE id = ?", ps -> {
                    ps.setObject(1, id);
                    return ps.executeUpdate();
                });
                return true;
            });
        } catch (RuntimeException e) {
            LOG.warn("discussion notices failed jobId={}, left for the sweep", id, e);
            transactions.execute(TransactionDefinition.of(TransactionDefinition.Propagation.REQUIRES_NEW), status ->
                    jdbc.prepareStatement("UPDATE discussion_notice_job SET attempts = attempts + 1 WHERE id = ?", ps -> {
                        ps.setObject(1, id);
                        return ps.executeUpdate();
                    }));
            return false;
        }
    }

    /** Jobs whose after-commit run never finished (a node died, the database failed): any node takes them. */
    @Scheduled(fixedDelay = "${maillage.discussion.notice-sweep-interval:30s}", initialDelay = "30s")
    int sweep() {
        List<UUID> due = transactions.executeRead(status -> jdbc.prepareStatement(
                "SELECT id FROM discussion_notice_job WHERE created_at <= ? AND attempts < ? ORDER BY created_at LIMIT 500", ps -> {
                    ps.setTimestamp(1, Timestamp.from(clock.instant().minus(SWEEP_AFTER)));
                    ps.setInt(2, MAX_ATTEMPTS);
                    List<UUID> ids = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            ids.add(rs.getObject(1, UUID.class));
                        }
                    }
                    return ids;
                }));
        int done = 0;
        for (UUID id : due) {
            if (run(id)) {
                done++;
            }
        }
        if (done > 0) {
            LOG.info("discussion notices swept jobs={}", done);
        }
        return done;
    }

    private String write(Job job) {
        try {
            return json.writeValueAsString(job);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Job read(String payload) {
        try {
            return json.readValue(payload, Job.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void tell(UUID authorId, String authorName, String theme, UUID threadId, String title, UUID postId,
                      boolean opening, boolean followersToo, Collection<UUID> mentioned, UUID repliedTo) {
        Map<UUID, String> threadLevels = levels("thread", threadId.toString());
        Map<UUID, String> themeLevels = levels("theme", theme);
        Map<UUID, String> kinds = new LinkedHashMap<>();
        if (mentioned != null) {
            mentioned.forEach(id -> kinds.putIfAbsent(id, MENTIONED));
        }
        if (repliedTo != null) {
            kinds.putIfAbsent(repliedTo, REPLIED);
        }
        Set<UUID> followers = new LinkedHashSet<>();
        if (followersToo && opening) {
            themeLevels.forEach((user, level) -> {
                if (FOLLOWING.contains(level)) {
                    followers.add(user);
                }
            });
        } else if (followersToo) {
            threadLevels.keySet().forEach(followers::add);
            themeLevels.keySet().forEach(followers::add);
        }
        for (UUID user : followers) {
            kinds.putIfAbsent(user, opening ? THREAD_CREATED : POSTED);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("title", title);
        data.put("author", authorName);
        data.put("theme", theme);
        data.put("postId", postId.toString());
        kinds.forEach((user, kind) -> {
            if (user.equals(authorId)) {
                return;
            }
            String level = threadLevels.getOrDefault(user, themeLevels.getOrDefault(user, "default"));
            boolean wanted = switch (level) {
                case "muted" -> false;
                case "following", MAILING_LIST -> true;
                default -> kind.equals(MENTIONED) || kind.equals(REPLIED);
            };
            if (wanted && access.canReadTheme(user, theme)) {
                // One notice per person and post, even when an edit adds a mention later.
                Notice notice = Notice.of(user, kind, link(threadId), data).dedupedBy("discussion.post:" + postId);
                boolean mailingList = MAILING_LIST.equals(themeLevels.get(user)) && !"muted".equals(threadLevels.get(user));
                notifications.notify(mailingList ? notice.asUrgent() : notice);
            }
        });
    }

    private Map<UUID, String> levels(String kind, String target) {
        return jdbc.prepareStatement("SELECT user_id, level FROM discussion_follow WHERE target_kind = ? AND target = ?", ps -> {
            ps.setString(1, kind);
            ps.setString(2, target);
            Map<UUID, String> map = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    map.put(rs.getObject(1, UUID.class), rs.getString(2));
                }
            }
            return map;
        });
    }
}
