package fr.maillage.notification;

import fr.maillage.core.error.ProblemException;
import fr.maillage.core.security.Caller;
import fr.maillage.core.stream.StreamService;
import fr.maillage.notification.NotificationViews.NotificationPage;
import fr.maillage.notification.NotificationViews.NotificationView;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.UUID;

/**
 * Every feature tells people things through {@link #notify(Notice)}, inside its own
 * transaction: the notification row and the event of the person's stream commit with the
 * feature's change, or not at all.
 */
@Singleton
public class NotificationService {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationService.class);
    static final int MAX_PAGE = 100;
    private static final Instant NO_LIMIT = Instant.parse("9999-01-01T00:00:00Z");

    private final JdbcOperations jdbc;
    private final StreamService streams;
    private final JsonMapper json;
    private final Clock clock;

    NotificationService(JdbcOperations jdbc, StreamService streams, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.streams = streams;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Stores the notice and appends {@code notification.created} to the recipient's stream.
     * Returns the new notification's id, or empty when its dedupe key was already used.
     */
    @Transactional
    public Optional<UUID> notify(Notice notice) {
        // A deleted account gets nothing; the share lock waits for a deletion under way (docs/privacy.md).
        boolean living = Boolean.TRUE.equals(jdbc.prepareStatement(
                "SELECT deleted_at IS NULL FROM app_user WHERE id = ? FOR KEY SHARE", ps -> {
                    ps.setObject(1, notice.recipientId());
                    try (java.sql.ResultSet rs = ps.executeQuery()) {
                        return rs.next() && rs.getBoolean(1);
                    }
                }));
        if (!living) {
            return Optional.empty();
        }
        String stream = NotificationAccess.stream(notice.recipientId());
        streams.ensure(stream);
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        int inserted = jdbc.prepareStatement("""
                INSERT INTO notification (id, recipient_id, kind, link, data, urgent, dedupe_key, created_at)
                VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?) ON CONFLICT (recipient_id, dedupe_key) DO NOTHING
                """, ps -> {
            ps.setObject(1, id);
            ps.setObject(2, notice.recipientId());
            ps.setString(3, notice.kind());
            ps.setString(4, notice.link());
            ps.setString(5, write(notice.data()));
            ps.setBoolean(6, notice.urgent());
            ps.setString(7, notice.dedupeKey());
            ps.setTimestamp(8, Timestamp.from(now));
            return ps.executeUpdate();
        });
        if (inserted == 0) {
            return Optional.empty();
        }
        streams.append(stream, "notification.created", Map.of("notification", view(id).orElseThrow()));
        LOG.info("notification created notificationId={} kind={} recipient={}", id, notice.kind(), notice.recipientId());
        return Optional.of(id);
    }

    @Transactional(readOnly = true)
    public NotificationPage page(Caller caller, Instant before, int limit) {
        int size = Math.max(1, Math.min(limit, MAX_PAGE));
        String stream = NotificationAccess.stream(caller.userId());
        long seq = Math.max(0, streams.currentSeq(stream));
        List<NotificationView> items = jdbc.prepareStatement(SELECT
                + " WHERE recipient_id = ? AND created_at < ? ORDER BY created_at DESC, id DESC LIMIT ?", ps -> {
            ps.setObject(1, caller.userId());
            ps.setTimestamp(2, Timestamp.from(before == null ? NO_LIMIT : before));
            ps.setInt(3, size + 1);
            return readViews(ps.executeQuery());
        });
        boolean more = items.size() > size;
        return new NotificationPage(stream, seq, unread(caller.userId()), more ? items.subList(0, size) : items, more);
    }

    /** Marks one of the caller's notifications read; someone else's is not found. */
    @Transactional
    public long markRead(Caller caller, UUID id) {
        NotificationView view = view(id).filter(v -> owner(id).equals(caller.userId())).orElseThrow(ProblemException::notFound);
        if (view.readAt() == null) {
            jdbc.prepareStatement("UPDATE notification SET read_at = ? WHERE id = ?", ps -> {
                ps.setTimestamp(1, Timestamp.from(clock.instant()));
                ps.setObject(2, id);
                return ps.executeUpdate();
            });
            announceRead(caller.userId(), List.of(id));
        }
        return unread(caller.userId());
    }

    /** Marks read every notification matching the predicate of a feature (e.g. all of a thread). */
    @Transactional
    public void markReadByLink(UUID recipientId, String link) {
        List<UUID> ids = jdbc.prepareStatement(
                "UPDATE notification SET read_at = ? WHERE recipient_id = ? AND link = ? AND read_at IS NULL RETURNING id", ps -> {
                    ps.setTimestamp(1, Timestamp.from(clock.instant()));
                    ps.setObject(2, recipientId);
                    ps.setString(3, link);
                    return ids(ps.executeQuery());
                });
        if (!ids.isEmpty()) {
            announceRead(recipientId, ids);
        }
    }

    @Transactional
    public long markAllRead(Caller caller) {
        List<UUID> ids = jdbc.prepareStatement(
                "UPDATE notification SET read_at = ? WHERE recipient_id = ? AND read_at IS NULL RETURNING id", ps -> {
                    ps.setTimestamp(1, Timestamp.from(clock.instant()));
                    ps.setObject(2, caller.userId());
                    return ids(ps.executeQuery());
                });
        if (!ids.isEmpty()) {
            announceRead(caller.userId(), ids);
        }
        return 0;
    }

    @Transactional(readOnly = true)
    public long unread(UUID userId) {
        return jdbc.prepareStatement("SELECT count(*) FROM notification WHERE recipient_id = ? AND read_at IS NULL", ps -> {
            ps.setObject(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private void announceRead(UUID userId, List<UUID> ids) {
        String stream = NotificationAccess.stream(userId);
        streams.ensure(stream);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("ids", ids);
        event.put("unread", unread(userId));
        streams.append(stream, "notification.read", event);
    }

    private static final String SELECT = "SELECT id, kind, link, data::text, urgent, created_at, read_at FROM notification";

    private Optional<NotificationView> view(UUID id) {
        return jdbc.prepareStatement(SELECT + " WHERE id = ?", ps -> {
            ps.setObject(1, id);
            return readViews(ps.executeQuery()).stream().findFirst();
        });
    }

    private UUID owner(UUID id) {
        return jdbc.prepareStatement("SELECT recipient_id FROM notification WHERE id = ?", ps -> {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getObject(1, UUID.class) : new UUID(0, 0);
            }
        });
    }

    @SuppressWarnings("unchecked")
    private List<NotificationView> readViews(ResultSet rs) throws SQLException {
        try (rs) {
            List<NotificationView> views = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> data;
                try {
                    data = json.readValue(rs.getString(4), Map.class);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                Timestamp readAt = rs.getTimestamp(7);
                views.add(new NotificationView(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), data,
                        rs.getBoolean(5), rs.getTimestamp(6).toInstant(), readAt == null ? null : readAt.toInstant()));
            }
            return views;
        }
    }

    private static List<UUID> ids(ResultSet rs) throws SQLException {
        try (rs) {
            List<UUID> ids = new ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getObject(1, UUID.class));
            }
            return ids;
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
