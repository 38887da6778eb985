package fr.maillage.peersession;

import fr.maillage.core.db.Sql;
import fr.maillage.notification.Notice;
import fr.maillage.notification.NotificationService;
import fr.maillage.peersession.PeerSessionService.OccurrenceRow;
import fr.maillage.peersession.PeerSessionService.SeriesRow;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Sends the reminders that are due. Safe with several nodes: a batch of due rows is claimed with
 * {@code FOR UPDATE SKIP LOCKED} and marked sent in the same transaction as the notices, so a
 * row is sent by exactly one node; the notices' dedupe key guards a retry as well.
 */
@Singleton
public class SessionReminders {
    private static final Logger LOG = LoggerFactory.getLogger(SessionReminders.class);
    static final int BATCH = 50;
    private final Sql sql;
    private final NotificationService notifications;
    private final Clock clock;

    SessionReminders(Sql sql, NotificationService notifications, Clock clock) {
        this.sql = sql;
        this.notifications = notifications;
        this.clock = clock;
    }

    private record Due(UUID occurrenceId, int offsetMinutes) {
    }

    @Scheduled(fixedDelay = "${maillage.session.reminder-interval}", initialDelay = "${maillage.session.reminder-interval}")
    void tick() {
        try {
            sendDue();
        } catch (RuntimeException e) {
            LOG.warn("session reminders failed error={}", e.toString());
        }
    }

    /** Sends one batch of due reminders; returns how many reminder rows it claimed. */
    @Transactional
    public int sendDue() {
        Instant now = clock.instant();
        List<Due> due = sql.list("""
                SELECT occurrence_id, offset_minutes FROM session_reminder
                WHERE sent_at IS NULL AND due_at <= ? ORDER BY due_at LIMIT ? FOR UPDATE SKIP LOCKED""",
                rs -> new Due(rs.getObject(1, UUID.class), rs.getInt(2)), now, BATCH);
        for (Due reminder : due) {
            sql.update("UPDATE session_reminder SET sent_at = ? WHERE occurrence_id = ? AND offset_minutes = ? AND sent_at IS NULL",
                    now, reminder.occurrenceId(), reminder.offsetMinutes());
            OccurrenceRow occurrence = sql.one(PeerSessionService.OCCURRENCE_SELECT + " WHERE id = ?", PeerSessionService::occurrence,
                    reminder.occurrenceId()).orElseThrow();
            if (occurrence.cancelled() || !occurrence.startsAt().isAfter(now)) {
                continue;
            }
            SeriesRow series = sql.one(PeerSessionService.SERIES_SELECT + " WHERE s.id = ?", PeerSessionService::series,
                    occurrence.seriesId()).orElseThrow();
            List<UUID> people = sql.list("SELECT user_id FROM session_rsvp WHERE occurrence_id = ? "
                    + "AND (seat = 'attending' OR answer = 'maybe') ORDER BY seq", rs -> rs.getObject(1, UUID.class), occurrence.id());
            Map<String, Object> data = new LinkedHashMap<>(PeerSessionService.data(series, occurrence));
            data.put("minutesBefore", String.valueOf(reminder.offsetMinutes()));
            // E-mailed at its time, not in the next digest; held by the person's quiet hours, it is
            // dropped once the session has begun (the earlier reminder stood in for it).
            data.put("emailUntil", occurrence.startsAt().toString());
            for (UUID person : people) {
                notifications.notify(Notice.of(person, "session.reminder", PeerSessionService.link(occurrence.id()), data)
                        .asUrgent().dedupedBy("reminder:" + occurrence.id() + ":" + reminder.offsetMinutes() + ":" + occurrence.startsAt().getEpochSecond()));
            }
            LOG.info("session reminder sent occurrenceId={} offsetMinutes={} recipients={}", occurrence.id(), reminder.offsetMinutes(), people.size());
        }
        return due.size();
    }
}
