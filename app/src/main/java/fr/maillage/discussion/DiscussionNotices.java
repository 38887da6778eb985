package fr.maillage.discussion;

import fr.maillage.notification.Notice;
import fr.maillage.notification.NotificationService;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
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
 * for their own post, and never about a theme they cannot read. Called inside the discussion
 * command's transaction, so a rolled-back post notifies nobody.
 */
@Singleton
class DiscussionNotices {
    static final String MENTIONED = "discussion.mentioned";
    static final String REPLIED = "discussion.replied";
    static final String POSTED = "discussion.posted";
    static final String THREAD_CREATED = "discussion.thread_created";
    static final String MAILING_LIST = "mailing_list";
    private static final Set<String> FOLLOWING = Set.of("following", MAILING_LIST);

    private final JdbcOperations jdbc;
    private final DiscussionAccess access;
    private final NotificationService notifications;

    DiscussionNotices(JdbcOperations jdbc, DiscussionAccess access, NotificationService notifications) {
        this.jdbc = jdbc;
        this.access = access;
        this.notifications = notifications;
    }

    static String link(UUID threadId) {
        return "/threads/" + threadId;
    }

    /** A post was written: the opening post of a new thread ({@code opening}) or a reply. */
    void postCreated(UUID authorId, String authorName, String theme, UUID threadId, String title, UUID postId,
                     boolean opening, Collection<UUID> mentioned, UUID repliedTo) {
        tell(authorId, authorName, theme, threadId, title, postId, opening, true, mentioned, repliedTo);
    }

    /** An edit mentioned new people: only they are told (once per post, see the dedupe key). */
    void mentionsAdded(UUID authorId, String authorName, String theme, UUID threadId, String title, UUID postId,
                       Collection<UUID> mentioned) {
        tell(authorId, authorName, theme, threadId, title, postId, false, false, mentioned, null);
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
