package fr.maillage.peersession;

import fr.maillage.core.db.Sql;
import fr.maillage.core.error.ProblemException;
import fr.maillage.core.security.Caller;
import fr.maillage.core.security.Role;
import fr.maillage.core.socket.SocketCommandHandler.CommandResult;
import fr.maillage.core.stream.Idempotency;
import fr.maillage.core.stream.StreamService;
import fr.maillage.discussion.DiscussionFrames.CreateThreadCommand;
import fr.maillage.discussion.DiscussionService;
import fr.maillage.notification.Notice;
import fr.maillage.notification.NotificationService;
import fr.maillage.peersession.SessionCommands.CatchUpCommand;
import fr.maillage.peersession.SessionCommands.CreateSeriesCommand;
import fr.maillage.peersession.SessionCommands.MoveOccurrenceCommand;
import fr.maillage.peersession.SessionCommands.UpdateSeriesCommand;
import fr.maillage.peersession.SessionViews.Agenda;
import fr.maillage.peersession.SessionViews.Attendee;
import fr.maillage.peersession.SessionViews.CatchUpView;
import fr.maillage.peersession.SessionViews.OccurrenceDetail;
import fr.maillage.peersession.SessionViews.OccurrenceView;
import fr.maillage.peersession.SessionViews.Person;
import fr.maillage.peersession.SessionViews.RsvpView;
import fr.maillage.peersession.SessionViews.SeriesView;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Peer sessions: series, their occurrences, RSVPs with a waiting list, catch-up packs. Each
 * command is one transaction: check, write, append the theme's {@code sessions:} stream event
 * (published after commit), notify. RSVPs of an occurrence are serialised by a row lock on it.
 */
@Singleton
public class PeerSessionService {
    private static final Logger LOG = LoggerFactory.getLogger(PeerSessionService.class);
    static final int AGENDA_MAX = 300;
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ISO_LOCAL_DATE_TIME;

    private final Sql sql;
    private final StreamService streams;
    private final SessionAccess access;
    private final NotificationService notifications;
    private final DiscussionService discussions;
    private final Jitsi jitsi;
    private final SessionConfig config;
    private final Clock clock;
    private final Idempotency idempotency;
    private final SessionPlanning planning;
    private final Holidays holidays = Holidays.fromResource();

    PeerSessionService(Sql sql, StreamService streams, SessionAccess access, NotificationService notifications,
                       DiscussionService discussions, Jitsi jitsi, SessionConfig config, Clock clock, Idempotency idempotency,
                       SessionPlanning planning) {
        this.idempotency = idempotency;
        this.planning = planning;
        this.sql = sql;
        this.streams = streams;
        this.access = access;
        this.notifications = notifications;
        this.discussions = discussions;
        this.jitsi = jitsi;
        this.config = config;
        this.clock = clock;
    }

    record SeriesRow(UUID id, String theme, String title, String description, String format, String place, String territory,
                     Integer capacity, int rsvpDeadlineMinutes, int durationMinutes, ZoneId zone, LocalDateTime firstStart,
                     String recurrence, String rrule, String dialIn, int sequence, UUID createdBy, String rotation) {
        /** The start times the occurrences take in turn (the first start's alone without rotation). */
        List<java.time.LocalTime> slots() {
            if (rotation == null || rotation.isBlank()) {
                return List.of(firstStart.toLocalTime());
            }
            return java.util.Arrays.stream(rotation.split(",")).map(java.time.LocalTime::parse).toList();
        }
    }

    record OccurrenceRow(UUID id, UUID seriesId, Instant originalStart, Instant startsAt, Instant endsAt, String status,
                         int sequence, String room, int attending, UUID catchUpThreadId) {
        boolean cancelled() {
            return "cancelled".equals(status);
        }

        boolean moved() {
            return !originalStart.equals(startsAt);
        }
    }

    // ---- series --------------------------------------------------------------------------

    @Transactional
    public SeriesView createSeries(Caller caller, CreateSeriesCommand command) {
        fr.maillage.core.web.DisplayText.require("title", command.title());
        if (!caller.role().animates()) {
            throw ProblemException.forbidden("Only facilitators and administrators schedule sessions");
        }
        if (!access.canReadTheme(caller.userId(), command.theme())) {
            throw ProblemException.invalid("theme", "unknown or archived theme");
        }
        Optional<UUID> stored = idempotency.claim(caller.userId(), command.idempotencyKey(), "session.create_series", command, UUID.class);
        if (stored.isPresent()) {
            return seriesView(caller, stored.get(), null);
        }
        ZoneId zone = Recurrence.zone(command.timeZone() == null ? config.defaultTimeZone() : command.timeZone());
        boolean needsPlace = !"online".equals(command.format());
        if (needsPlace && (command.place() == null || command.place().isBlank())) {
            throw ProblemException.invalid("place", "an in-person or hybrid session needs a place");
        }
        if (command.territory() != null && !sql.exists("SELECT 1 FROM territory WHERE code = ?", command.territory())) {
            throw ProblemException.invalid("territory", "unknown territory");
        }
        LocalDateTime first = command.firstStart().withSecond(0).withNano(0);
        if (command.until() != null && command.until().isBefore(first.toLocalDate())) {
            throw ProblemException.invalid("until", "the end of the series is before its first start");
        }
        if (!Recurrence.at(first, zone).toInstant().isAfter(clock.instant())) {
            throw ProblemException.invalid("firstStart", "must be in the future");
        }
        String rule = Recurrence.rule(command.recurrence(), first, command.rrule(), command.until(), zone);
        List<java.time.LocalTime> slots = Recurrence.rotation(command.recurrence(), first, command.rotateWith());
        List<LocalDateTime> starts = new ArrayList<>();
        List<LocalDateTime> ruleStarts = Recurrence.expand(first, rule, first.plusYears(5), config.maxOccurrences());
        for (int i = 0; i < ruleStarts.size(); i++) {
            // Rotating: the i-th occurrence takes the i-th start time in turn, on the rule's date.
            starts.add(LocalDateTime.of(ruleStarts.get(i).toLocalDate(), slots.get(i % slots.size())));
        }
        String rotation = slots.size() < 2 ? null
                : String.join(",", slots.stream().map(java.time.LocalTime::toString).toList());
        Set<UUID> facilitators = new LinkedHashSet<>();
        facilitators.add(caller.userId());
        if (command.facilitators() != null) {
            for (UUID id : command.facilitators()) {
                if (id == null || !access.canReadTheme(id, command.theme())) {
                    throw ProblemException.invalid("facilitators", "every facilitator must be able to read this theme");
                }
                facilitators.add(id);
            }
        }
        Instant now = clock.instant();
        UUID seriesId = UUID.randomUUID();
        sql.update("""
                INSERT INTO session_series (id, theme_slug, title, description, format, place, territory_code, capacity,
                    rsvp_deadline_minutes, duration_minutes, time_zone, first_start_local, recurrence, rrule, dial_in, created_by, created_at,
                    rotation)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                seriesId, command.theme(), command.title().strip(), Objects.requireNonNullElse(command.description(), ""),
                command.format(), needsPlace ? command.place().strip() : null, command.territory(), command.capacity(),
                Objects.requireNonNullElse(command.rsvpDeadlineMinutes(), 0), command.durationMinutes(), zone.getId(), first,
                command.recurrence(), rule, Objects.requireNonNullElse(command.dialIn(), ""), caller.userId(), now, rotation);
        for (UUID id : facilitators) {
            sql.update("INSERT INTO session_facilitator (series_id, user_id) VALUES (?, ?)", seriesId, id);
        }
        Duration duration = Duration.ofMinutes(command.durationMinutes());
        String onHolidays = command.onHolidays() == null ? "keep" : command.onHolidays();
        int skipped = 0;
        int movedAway = 0;
        for (LocalDateTime local : starts) {
            Instant original = Recurrence.at(local, zone).toInstant();
            Instant start = original;
            String status = "scheduled";
            if (!"keep".equals(onHolidays) && !planning.audienceHolidays(command.theme(), Recurrence.at(local, zone)).isEmpty()) {
                if ("skip".equals(onHolidays)) {
                    // Kept as a cancelled occurrence: every calendar reads the rule's gap the same way.
                    status = "cancelled";
                    skipped++;
                } else {
                    start = nextWorkingDay(command.theme(), local, zone);
                    movedAway++;
                }
            }
            UUID occurrenceId = UUID.randomUUID();
            sql.update("INSERT INTO session_occurrence (id, series_id, original_start, starts_at, ends_at, room_name, status) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    occurrenceId, seriesId, original, start, start.plus(duration), Jitsi.newRoomName(), status);
            if ("scheduled".equals(status)) {
                scheduleReminders(occurrenceId, start, now);
            }
        }
        String stream = SessionAccess.stream(command.theme());
        streams.ensure(stream);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("seriesId", seriesId);
        event.put("theme", command.theme());
        event.put("title", command.title().strip());
        event.put("occurrences", starts.size());
        event.put("skippedForHolidays", skipped);
        event.put("movedForHolidays", movedAway);
        long seq = streams.append(stream, "session.series_created", event).seq();
        idempotency.complete(caller.userId(), command.idempotencyKey(), seriesId);
        LOG.info("session series created seriesId={} theme={} occurrences={} seq={}", seriesId, command.theme(), starts.size(), seq);
        return seriesView(caller, seriesId, null);
    }

    /**
     * The same local time on the next day, Monday to Friday, that is no holiday for the theme's
     * audience (within two weeks; past that, the original day stands).
     */
    private Instant nextWorkingDay(String theme, LocalDateTime local, ZoneId zone) {
        for (int days = 1; days <= 14; days++) {
            LocalDateTime candidate = local.plusDays(days);
            if (candidate.getDayOfWeek().getValue() >= 6) {
                continue;
            }
            ZonedDateTime at = Recurrence.at(candidate, zone);
            if (planning.audienceHolidays(theme, at).isEmpty()) {
                return at.toInstant();
            }
        }
        return Recurrence.at(local, zone).toInstant();
    }

    @Transactional
    public SeriesView updateSeries(Caller caller, UUID seriesId, UpdateSeriesCommand command) {
        if (command.title() != null) {
            fr.maillage.core.web.DisplayText.require("title", command.title());
        }
        SeriesRow series = manageableSeries(caller, seriesId);
        Instant now = clock.instant();
        List<OccurrenceRow> upcoming = sql.list(OCCURRENCE_SELECT + " WHERE series_id = ? AND ends_at > ? AND status = 'scheduled' ORDER BY starts_at FOR UPDATE",
                PeerSessionService::occurrence, seriesId, now);
        if (command.capacity() != null) {
            for (OccurrenceRow o : upcoming) {
                if (o.attending() > command.capacity()) {
                    throw ProblemException.conflict("An upcoming occurrence already has " + o.attending()
                            + " attendees: the capacity cannot be lower");
                }
            }
        }
        if (command.place() != null && command.place().isBlank() && !"online".equals(series.format())) {
            throw ProblemException.invalid("place", "an in-person or hybrid session needs a place");
        }
        sql.update("""
                UPDATE session_series SET title = COALESCE(?, title), description = COALESCE(?, description),
                    capacity = COALESCE(?, capacity), place = COALESCE(?, place), dial_in = COALESCE(?, dial_in), sequence = sequence + 1
                WHERE id = ?""",
                command.title() == null ? null : command.title().strip(), command.description(), command.capacity(),
                command.place() == null ? null : command.place().strip(), command.dialIn(), seriesId);
        sql.update("UPDATE session_occurrence SET sequence = sequence + 1 WHERE series_id = ? AND ends_at > ?", seriesId, now);
        if (command.capacity() != null) {
            for (OccurrenceRow o : upcoming) {
                promote(series, o.id(), command.capacity());
            }
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("seriesId", seriesId);
        long seq = streams.append(SessionAccess.stream(series.theme()), "session.series_updated", event).seq();
        LOG.info("session series updated seriesId={} seq={}", seriesId, seq);
        return seriesView(caller, seriesId, null);
    }

    @Transactional
    public void follow(Caller caller, UUID seriesId, boolean following) {
        SeriesRow series = readableSeries(caller, seriesId);
        if (following) {
            sql.update("INSERT INTO session_series_follow (series_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING", series.id(), caller.userId());
        } else {
            sql.update("DELETE FROM session_series_follow WHERE series_id = ? AND user_id = ?", series.id(), caller.userId());
        }
    }

    // ---- occurrences ---------------------------------------------------------------------

    @Transactional
    public OccurrenceView cancel(Caller caller, UUID occurrenceId) {
        OccurrenceRow occurrence = lockedOccurrence(occurrenceId);
        SeriesRow series = manageableSeries(caller, occurrence.seriesId());
        if (occurrence.cancelled()) {
            throw ProblemException.conflict("This occurrence is already cancelled");
        }
        Instant now = clock.instant();
        if (!occurrence.endsAt().isAfter(now)) {
            throw ProblemException.conflict("This occurrence is over");
        }
        sql.update("UPDATE session_occurrence SET status = 'cancelled', sequence = sequence + 1 WHERE id = ?", occurrenceId);
        boolean urgent = Duration.between(now, occurrence.startsAt()).compareTo(config.urgentWithin()) < 0;
        tellParticipants(series, occurrenceRow(occurrenceId), "session.cancelled", "cancelled:" + occurrenceId, urgent, Map.of());
        occurrenceChanged(series, occurrenceId);
        LOG.info("session occurrence cancelled occurrenceId={} urgent={}", occurrenceId, urgent);
        return occurrenceView(caller, occurrenceId, null);
    }

    @Transactional
    public OccurrenceView move(Caller caller, UUID occurrenceId, MoveOccurrenceCommand command) {
        OccurrenceRow occurrence = lockedOccurrence(occurrenceId);
        SeriesRow series = manageableSeries(caller, occurrence.seriesId());
        if (occurrence.cancelled()) {
            throw ProblemException.conflict("A cancelled occurrence cannot be moved");
        }
        Instant now = clock.instant();
        Instant start = Recurrence.at(command.start().withSecond(0).withNano(0), series.zone()).toInstant();
        Instant end;
        if (command.end() != null) {
            end = Recurrence.at(command.end().withSecond(0).withNano(0), series.zone()).toInstant();
            if (!end.isAfter(start)) {
                throw ProblemException.invalid("end", "the end is not after the start");
            }
        } else {
            int minutes = command.durationMinutes() != null ? command.durationMinutes()
                    : (int) Duration.between(occurrence.startsAt(), occurrence.endsAt()).toMinutes();
            end = start.plus(Duration.ofMinutes(minutes));
        }
        if (!start.isAfter(now)) {
            throw ProblemException.invalid("start", "must be in the future");
        }
        sql.update("UPDATE session_occurrence SET starts_at = ?, ends_at = ?, sequence = sequence + 1 WHERE id = ?", start, end, occurrenceId);
        // Re-armed for the new time: a reminder already sent for the old time goes again before
        // the new one (its dedupe key names the start it announces).
        sql.update("DELETE FROM session_reminder WHERE occurrence_id = ?", occurrenceId);
        scheduleReminders(occurrenceId, start, now);
        boolean urgent = Duration.between(now, occurrence.startsAt()).compareTo(config.urgentWithin()) < 0
                || Duration.between(now, start).compareTo(config.urgentWithin()) < 0;
        // The notice carries the new start (and the previous one), read back from the moved row.
        tellParticipants(series, occurrenceRow(occurrenceId), "session.moved", "moved:" + occurrenceId + ":" + (occurrence.sequence() + 1), urgent,
                Map.of("previousStartsAt", occurrence.startsAt().toString()));
        occurrenceChanged(series, occurrenceId);
        LOG.info("session occurrence moved occurrenceId={} urgent={}", occurrenceId, urgent);
        return occurrenceView(caller, occurrenceId, null);
    }

    // ---- RSVP ----------------------------------------------------------------------------

    /**
     * Answers for one occurrence. The occurrence row is locked first, so concurrent answers are
     * serialised: the seat count never passes the capacity and each freed seat goes to the
     * first person waiting, once.
     */
    @Transactional
    public RsvpView rsvp(Caller caller, UUID occurrenceId, String answer) {
        OccurrenceRow occurrence = lockedOccurrence(occurrenceId);
        SeriesRow series = readableSeries(caller, occurrence.seriesId());
        Instant now = clock.instant();
        if (occurrence.cancelled()) {
            throw ProblemException.conflict("This occurrence is cancelled");
        }
        if (!now.isBefore(occurrence.startsAt().minus(Duration.ofMinutes(series.rsvpDeadlineMinutes())))) {
            throw ProblemException.conflict("Answers for this occurrence are closed");
        }
        String[] previous = sql.one("SELECT answer, seat FROM session_rsvp WHERE occurrence_id = ? AND user_id = ?",
                rs -> new String[]{rs.getString(1), rs.getString(2)}, occurrenceId, caller.userId()).orElse(null);
        boolean wasYes = previous != null && "yes".equals(previous[0]);
        if (wasYes && "yes".equals(answer)) {
            return rsvpView(occurrenceId, caller.userId());
        }
        int attending = occurrence.attending();
        String seat = null;
        Instant waitingSince = null;
        if ("yes".equals(answer)) {
            if (series.capacity() == null || attending < series.capacity()) {
                seat = "attending";
                attending++;
            } else {
                seat = "waiting";
                waitingSince = now;
            }
        }
        boolean freedSeat = previous != null && "attending".equals(previous[1]);
        if (freedSeat) {
            attending--;
        }
        sql.update("""
                INSERT INTO session_rsvp (occurrence_id, user_id, answer, seat, waiting_since, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (occurrence_id, user_id) DO UPDATE SET answer = EXCLUDED.answer, seat = EXCLUDED.seat,
                    waiting_since = EXCLUDED.waiting_since, seq = nextval(pg_get_serial_sequence('session_rsvp', 'seq')),
                    updated_at = EXCLUDED.updated_at""",
                occurrenceId, caller.userId(), answer, seat, waitingSince, now);
        sql.update("UPDATE session_occurrence SET attending = ? WHERE id = ?", attending, occurrenceId);
        if (freedSeat && series.capacity() != null) {
            promote(series, occurrenceId, series.capacity());
        }
        rsvpChanged(series, occurrenceId);
        return rsvpView(occurrenceId, caller.userId());
    }

    /**
     * A deleted account's answers go (docs/privacy.md): every seat they held in an occurrence
     * still to come is freed and given to the first person waiting, as when someone answers no.
     * Runs in the deleting transaction.
     */
    void forget(UUID userId) {
        Instant now = clock.instant();
        List<UUID> seats = sql.list("""
                SELECT r.occurrence_id FROM session_rsvp r JOIN session_occurrence o ON o.id = r.occurrence_id
                WHERE r.user_id = ? AND r.seat = 'attending' AND o.ends_at > ? ORDER BY r.occurrence_id""",
                rs -> rs.getObject(1, UUID.class), userId, now);
        for (UUID occurrenceId : seats) {
            OccurrenceRow occurrence = lockedOccurrence(occurrenceId);
            SeriesRow series = sql.one(SERIES_SELECT + " WHERE s.id = ?", PeerSessionService::series, occurrence.seriesId()).orElseThrow();
            sql.update("DELETE FROM session_rsvp WHERE occurrence_id = ? AND user_id = ?", occurrenceId, userId);
            sql.update("UPDATE session_occurrence SET attending = greatest(attending - 1, 0) WHERE id = ?", occurrenceId);
            if (series.capacity() != null && !occurrence.cancelled()) {
                promote(series, occurrenceId, series.capacity());
            }
            rsvpChanged(series, occurrenceId);
        }
        sql.update("DELETE FROM session_rsvp WHERE user_id = ?", userId);
        sql.update("DELETE FROM session_presence WHERE user_id = ?", userId);
        sql.update("DELETE FROM session_series_follow WHERE user_id = ?", userId);
        sql.update("DELETE FROM session_facilitator WHERE user_id = ?", userId);
        sql.update("DELETE FROM session_feed_token WHERE user_id = ?", userId);
    }

    /** Gives free seats to the people waiting, first come first served; the occurrence is locked. */
    private void promote(SeriesRow series, UUID occurrenceId, int capacity) {
        int attending = sql.one("SELECT attending FROM session_occurrence WHERE id = ?", rs -> rs.getInt(1), occurrenceId).orElseThrow();
        while (attending < capacity) {
            Object[] waiting = sql.one("SELECT user_id, seq FROM session_rsvp WHERE occurrence_id = ? AND seat = 'waiting' ORDER BY waiting_since, seq LIMIT 1",
                    rs -> new Object[]{rs.getObject(1, UUID.class), rs.getLong(2)}, occurrenceId).orElse(null);
            if (waiting == null) {
                break;
            }
            UUID next = (UUID) waiting[0];
            sql.update("UPDATE session_rsvp SET seat = 'attending', waiting_since = NULL WHERE occurrence_id = ? AND user_id = ?", occurrenceId, next);
            attending++;
            sql.update("UPDATE session_occurrence SET attending = ? WHERE id = ?", attending, occurrenceId);
            OccurrenceRow o = occurrenceRow(occurrenceId);
            notifications.notify(Notice.of(next, "session.promoted", link(occurrenceId), data(series, o))
                    .dedupedBy("promoted:" + occurrenceId + ":" + waiting[1]));
            LOG.info("session waiting list promoted occurrenceId={} userId={}", occurrenceId, next);
        }
    }

    @Transactional
    public void checkIn(Caller caller, UUID occurrenceId) {
        OccurrenceRow occurrence = occurrenceRow(occurrenceId);
        readableSeries(caller, occurrence.seriesId());
        Instant now = clock.instant();
        if (occurrence.cancelled() || now.isBefore(occurrence.startsAt().minus(config.roomOpensBefore()))
                || now.isAfter(occurrence.endsAt().plus(Duration.ofHours(1)))) {
            throw ProblemException.conflict("Check-in is open from shortly before the start until an hour after the end");
        }
        sql.update("INSERT INTO session_presence (occurrence_id, user_id, checked_in_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                occurrenceId, caller.userId(), now);
    }

    // ---- catch-up pack -------------------------------------------------------------------

    /**
     * Posts the pack as a thread of the session's theme (so it arrives live there), links it
     * from the occurrence and tells those who said yes but did not come.
     */
    @Transactional
    public CatchUpView publishCatchUp(Caller caller, UUID occurrenceId, CatchUpCommand command) {
        OccurrenceRow occurrence = lockedOccurrence(occurrenceId);
        SeriesRow series = manageableSeries(caller, occurrence.seriesId());
        Instant now = clock.instant();
        if (occurrence.cancelled() || now.isBefore(occurrence.startsAt())) {
            throw ProblemException.conflict("A catch-up pack follows a session that took place");
        }
        if (occurrence.catchUpThreadId() != null) {
            throw ProblemException.conflict("The catch-up pack of this occurrence is already published");
        }
        if (command.present() != null) {
            for (UUID id : new LinkedHashSet<>(command.present())) {
                if (id == null || !access.canReadTheme(id, series.theme())) {
                    throw ProblemException.invalid("present", "every person present must be able to read this theme");
                }
                sql.update("INSERT INTO session_presence (occurrence_id, user_id, checked_in_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                        occurrenceId, id, now);
            }
        }
        List<Person> present = sql.list("SELECT u.id, u.display_name FROM session_presence p JOIN app_user u ON u.id = p.user_id "
                + "WHERE p.occurrence_id = ? ORDER BY u.display_name", PeerSessionService::person, occurrenceId);
        List<Person> missed = sql.list("""
                SELECT u.id, u.display_name FROM session_rsvp r JOIN app_user u ON u.id = r.user_id
                WHERE r.occurrence_id = ? AND r.answer = 'yes' AND r.seat = 'attending'
                  AND NOT EXISTS (SELECT 1 FROM session_presence p WHERE p.occurrence_id = r.occurrence_id AND p.user_id = r.user_id)
                ORDER BY u.display_name""", PeerSessionService::person, occurrenceId);
        String date = occurrence.startsAt().atZone(series.zone()).toLocalDate().toString();
        String title = "Compte rendu : " + series.title() + " (" + date + ")";
        if (title.length() > 200) {
            title = title.substring(0, 200);
        }
        CommandResult created = discussions.createThread(caller, new CreateThreadCommand("session-catch-up:" + occurrenceId,
                series.theme(), "discussion", title, catchUpBody(series, occurrence, command, present), null));
        UUID threadId = (UUID) ((Map<?, ?>) created.result()).get("threadId");
        sql.update("UPDATE session_occurrence SET catch_up_thread_id = ?, catch_up_published_at = ? WHERE id = ?", threadId, now, occurrenceId);
        for (Person person : missed) {
            Map<String, Object> data = new LinkedHashMap<>(data(series, occurrence));
            data.put("threadId", threadId.toString());
            notifications.notify(Notice.of(person.id(), "session.catch_up", "/threads/" + threadId, data)
                    .dedupedBy("catch_up:" + occurrenceId));
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("occurrenceId", occurrenceId);
        event.put("seriesId", series.id());
        event.put("threadId", threadId);
        streams.append(SessionAccess.stream(series.theme()), "session.catch_up_published", event);
        LOG.info("session catch-up published occurrenceId={} threadId={} missed={}", occurrenceId, threadId, missed.size());
        return new CatchUpView(occurrenceId, threadId, present, missed);
    }

    private static String catchUpBody(SeriesRow series, OccurrenceRow occurrence, CatchUpCommand command, List<Person> present) {
        ZonedDateTime local = occurrence.startsAt().atZone(series.zone());
        StringBuilder body = new StringBuilder();
        body.append("Session du ").append(local.toLocalDate()).append(" à ").append(local.toLocalTime())
                .append(" (").append(series.zone().getId()).append(").\n\n");
        section(body, "Notes", command.notes());
        section(body, "Décisions", command.decisions());
        if (command.links() != null && !command.links().isEmpty()) {
            body.append("## Liens\n\n");
            command.links().stream().filter(l -> l != null && !l.isBlank()).forEach(l -> body.append("- ").append(l.strip()).append('\n'));
            body.append('\n');
        }
        body.append("## Présents\n\n");
        if (present.isEmpty()) {
            body.append("(personne n'a été pointé)\n");
        }
        present.forEach(p -> body.append("- ").append(p.displayName()).append('\n'));
        return body.toString();
    }

    private static void section(StringBuilder body, String heading, String text) {
        if (text != null && !text.isBlank()) {
            body.append("## ").append(heading).append("\n\n").append(text.strip()).append("\n\n");
        }
    }

    // ---- reads ---------------------------------------------------------------------------

    @Transactional(readOnly = true, isolation = TransactionDefinition.Isolation.REPEATABLE_READ)
    public SeriesView seriesView(Caller caller, UUID seriesId, String readerZone) {
        SeriesRow series = readableSeries(caller, seriesId);
        ZoneId reader = readerZone(caller, readerZone);
        String stream = SessionAccess.stream(series.theme());
        long seq = streams.currentSeq(stream);
        List<OccurrenceRow> rows = sql.list(OCCURRENCE_SELECT + " WHERE series_id = ? ORDER BY starts_at", PeerSessionService::occurrence, seriesId);
        boolean following = sql.exists("SELECT 1 FROM session_series_follow WHERE series_id = ? AND user_id = ?", seriesId, caller.userId());
        return new SeriesView(series.id(), series.theme(), series.title(), series.description(), series.format(), series.place(),
                series.territory(), series.capacity(), series.rsvpDeadlineMinutes(), series.durationMinutes(), series.zone().getId(),
                series.firstStart().format(LOCAL), series.recurrence(), series.rrule(), series.dialIn(), facilitators(seriesId),
                following, stream, seq, views(series, rows, reader, caller.userId()),
                series.slots().size() < 2 ? List.of() : series.slots().stream().map(java.time.LocalTime::toString).toList());
    }

    @Transactional(readOnly = true)
    public OccurrenceView occurrenceView(Caller caller, UUID occurrenceId, String readerZone) {
        OccurrenceRow occurrence = occurrenceRow(occurrenceId);
        SeriesRow series = readableSeries(caller, occurrence.seriesId());
        List<OccurrenceRow> rows = sql.list(OCCURRENCE_SELECT + " WHERE series_id = ? ORDER BY starts_at", PeerSessionService::occurrence, series.id());
        return views(series, rows, readerZone(caller, readerZone), caller.userId()).stream()
                .filter(v -> v.id().equals(occurrenceId)).findFirst().orElseThrow();
    }

    @Transactional(readOnly = true, isolation = TransactionDefinition.Isolation.REPEATABLE_READ)
    public OccurrenceDetail occurrenceDetail(Caller caller, UUID occurrenceId, String readerZone) {
        OccurrenceRow occurrence = occurrenceRow(occurrenceId);
        SeriesRow series = readableSeries(caller, occurrence.seriesId());
        String stream = SessionAccess.stream(series.theme());
        long seq = streams.currentSeq(stream);
        OccurrenceView view = occurrenceView(caller, occurrenceId, readerZone);
        List<Attendee> people = sql.list("""
                SELECT u.id, u.display_name, r.answer, r.seat,
                       EXISTS (SELECT 1 FROM session_presence p WHERE p.occurrence_id = r.occurrence_id AND p.user_id = r.user_id)
                FROM session_rsvp r JOIN app_user u ON u.id = r.user_id
                WHERE r.occurrence_id = ? AND r.answer <> 'no' ORDER BY r.waiting_since NULLS FIRST, r.seq""",
                rs -> new Attendee(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5)),
                occurrenceId);
        List<Attendee> attendees = people.stream().filter(a -> !"waiting".equals(a.seat())).toList();
        List<Attendee> waiting = people.stream().filter(a -> "waiting".equals(a.seat())).toList();
        boolean canManage = canManage(caller, series);
        Instant now = clock.instant();
        Instant opensAt = occurrence.startsAt().minus(config.roomOpensBefore());
        boolean participant = canManage || "attending".equals(view.mySeat()) || "maybe".equals(view.myAnswer());
        boolean roomOpen = !occurrence.cancelled() && !"in_person".equals(series.format())
                && !now.isBefore(opensAt) && now.isBefore(occurrence.endsAt());
        String roomUrl = null;
        if (participant && roomOpen) {
            String name = sql.one("SELECT display_name FROM app_user WHERE id = ?", rs -> rs.getString(1), caller.userId()).orElse("");
            roomUrl = jitsi.url(occurrence.room(), name, now);
        }
        return new OccurrenceDetail(view, series.description(), series.dialIn(), facilitators(series.id()), attendees, waiting,
                canManage, opensAt, roomUrl, stream, seq,
                series.slots().size() < 2 ? List.of() : series.slots().stream().map(java.time.LocalTime::toString).toList());
    }

    /** Upcoming (or past) occurrences the reader may see, filtered, in the reader's zone. */
    @Transactional(readOnly = true)
    public Agenda agenda(Caller caller, String theme, String format, String territory, boolean past, String readerZone) {
        ZoneId reader = readerZone(caller, readerZone);
        List<SeriesRow> series = sql.list(SERIES_SELECT + " WHERE (CAST(? AS TEXT) IS NULL OR s.theme_slug = ?) "
                        + "AND (CAST(? AS TEXT) IS NULL OR s.format = ?) AND (CAST(? AS TEXT) IS NULL OR s.territory_code = ?)",
                PeerSessionService::series, theme, theme, format, format, territory, territory);
        Map<String, Boolean> readable = new HashMap<>();
        Instant now = clock.instant();
        List<OccurrenceView> all = new ArrayList<>();
        for (SeriesRow s : series) {
            if (!readable.computeIfAbsent(s.theme(), t -> access.canReadTheme(caller.userId(), t))) {
                continue;
            }
            List<OccurrenceRow> rows = sql.list(OCCURRENCE_SELECT + " WHERE series_id = ? ORDER BY starts_at", PeerSessionService::occurrence, s.id());
            for (OccurrenceView v : views(s, rows, reader, caller.userId())) {
                if (past != v.endsAt().isAfter(now)) {
                    all.add(v);
                }
            }
        }
        Comparator<OccurrenceView> order = Comparator.comparing(OccurrenceView::startsAt);
        all.sort(past ? order.reversed() : order);
        return new Agenda(reader.getId(), all.size() > AGENDA_MAX ? all.subList(0, AGENDA_MAX) : all);
    }

    /** DST flags compare each occurrence with the previous scheduled one of its series. */
    private List<OccurrenceView> views(SeriesRow series, List<OccurrenceRow> rows, ZoneId reader, UUID userId) {
        Map<UUID, String[]> mine = new HashMap<>();
        sql.list("SELECT r.occurrence_id, r.answer, r.seat FROM session_rsvp r JOIN session_occurrence o ON o.id = r.occurrence_id "
                        + "WHERE o.series_id = ? AND r.user_id = ?",
                rs -> mine.put(rs.getObject(1, UUID.class), new String[]{rs.getString(2), rs.getString(3)}), series.id(), userId);
        Map<UUID, Integer> waiting = new HashMap<>();
        sql.list("SELECT r.occurrence_id, COUNT(*) FROM session_rsvp r JOIN session_occurrence o ON o.id = r.occurrence_id "
                        + "WHERE o.series_id = ? AND r.seat = 'waiting' GROUP BY r.occurrence_id",
                rs -> waiting.put(rs.getObject(1, UUID.class), rs.getInt(2)), series.id());
        String readerTerritory = sql.list("SELECT territory_code FROM app_user WHERE id = ? AND territory_code IS NOT NULL",
                rs -> rs.getString(1), userId).stream().findFirst().orElse(null);
        List<OccurrenceView> views = new ArrayList<>();
        ZoneOffset previousOrganiser = null;
        Integer previousGap = null;
        for (OccurrenceRow o : rows) {
            ZonedDateTime organiser = o.startsAt().atZone(series.zone());
            ZonedDateTime local = o.startsAt().atZone(reader);
            int gap = local.getOffset().getTotalSeconds() - organiser.getOffset().getTotalSeconds();
            boolean organiserShift = !o.cancelled() && previousOrganiser != null && !previousOrganiser.equals(organiser.getOffset());
            boolean readerShift = !o.cancelled() && previousGap != null && previousGap != gap;
            if (!o.cancelled()) {
                previousOrganiser = organiser.getOffset();
                previousGap = gap;
            }
            String[] answer = mine.get(o.id());
            views.add(new OccurrenceView(o.id(), series.id(), series.title(), series.theme(), series.format(), series.place(),
                    series.territory(), o.status(), o.startsAt(), o.endsAt(), o.originalStart(), o.moved(), o.sequence(),
                    series.zone().getId(), organiser.toLocalDateTime().format(LOCAL), organiser.getOffset().getId(),
                    reader.getId(), local.toLocalDateTime().format(LOCAL), local.getOffset().getId(),
                    organiserShift, readerShift, series.capacity(), o.attending(), waiting.getOrDefault(o.id(), 0),
                    answer == null ? null : answer[0], answer == null ? null : answer[1], o.catchUpThreadId(),
                    badges(readerTerritory, local)));
        }
        return views;
    }

    // ---- helpers -------------------------------------------------------------------------

    /** The reader's territory's public holidays on the occurrence's date as it is for the reader. */
    private List<SessionViews.HolidayBadge> badges(String territory, ZonedDateTime local) {
        if (territory == null) {
            return List.of();
        }
        return holidays.on(territory, local.toLocalDate()).stream()
                .map(h -> new SessionViews.HolidayBadge(territory, h.date().toString(), h.nameFr(), h.nameEn())).toList();
    }

    static final String SERIES_SELECT = """
            SELECT s.id, s.theme_slug, s.title, s.description, s.format, s.place, s.territory_code, s.capacity,
                   s.rsvp_deadline_minutes, s.duration_minutes, s.time_zone, s.first_start_local, s.recurrence, s.rrule,
                   s.dial_in, s.sequence, s.created_by, s.rotation
            FROM session_series s""";
    static final String OCCURRENCE_SELECT = """
            SELECT id, series_id, original_start, starts_at, ends_at, status, sequence, room_name, attending, catch_up_thread_id
            FROM session_occurrence""";

    static SeriesRow series(ResultSet rs) throws SQLException {
        int capacity = rs.getInt(8);
        Integer cap = rs.wasNull() ? null : capacity;
        return new SeriesRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), cap, rs.getInt(9), rs.getInt(10), ZoneId.of(rs.getString(11)),
                rs.getObject(12, LocalDateTime.class), rs.getString(13), rs.getString(14), rs.getString(15), rs.getInt(16),
                rs.getObject(17, UUID.class), rs.getString(18));
    }

    static OccurrenceRow occurrence(ResultSet rs) throws SQLException {
        return new OccurrenceRow(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getTimestamp(3).toInstant(),
                rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant(), rs.getString(6), rs.getInt(7), rs.getString(8),
                rs.getInt(9), rs.getObject(10, UUID.class));
    }

    private static Person person(ResultSet rs) throws SQLException {
        return new Person(rs.getObject(1, UUID.class), rs.getString(2));
    }

    SeriesRow readableSeries(Caller caller, UUID seriesId) {
        SeriesRow series = sql.one(SERIES_SELECT + " WHERE s.id = ?", PeerSessionService::series, seriesId).orElseThrow(ProblemException::notFound);
        if (!access.canReadTheme(caller.userId(), series.theme())) {
            throw ProblemException.notFound();
        }
        return series;
    }

    private SeriesRow manageableSeries(Caller caller, UUID seriesId) {
        SeriesRow series = readableSeries(caller, seriesId);
        if (!canManage(caller, series)) {
            throw ProblemException.forbidden("Only the series' facilitators and administrators change it");
        }
        return series;
    }

    private boolean canManage(Caller caller, SeriesRow series) {
        return caller.role() == Role.ADMINISTRATOR || series.createdBy().equals(caller.userId())
                || sql.exists("SELECT 1 FROM session_facilitator WHERE series_id = ? AND user_id = ?", series.id(), caller.userId());
    }

    OccurrenceRow occurrenceRow(UUID occurrenceId) {
        return sql.one(OCCURRENCE_SELECT + " WHERE id = ?", PeerSessionService::occurrence, occurrenceId).orElseThrow(ProblemException::notFound);
    }

    private OccurrenceRow lockedOccurrence(UUID occurrenceId) {
        return sql.one(OCCURRENCE_SELECT + " WHERE id = ? FOR UPDATE", PeerSessionService::occurrence, occurrenceId)
                .orElseThrow(ProblemException::notFound);
    }

    private List<Person> facilitators(UUID seriesId) {
        return sql.list("SELECT u.id, u.display_name FROM session_facilitator f JOIN app_user u ON u.id = f.user_id "
                + "WHERE f.series_id = ? ORDER BY u.display_name", PeerSessionService::person, seriesId);
    }

    private ZoneId readerZone(Caller caller, String requested) {
        if (requested != null && !requested.isBlank()) {
            return Recurrence.zone(requested);
        }
        String zone = sql.one("SELECT time_zone FROM app_user WHERE id = ?", rs -> rs.getString(1), caller.userId()).orElse(null);
        return zone != null && ZoneId.getAvailableZoneIds().contains(zone) ? ZoneId.of(zone) : ZoneId.of(config.defaultTimeZone());
    }

    private void scheduleReminders(UUID occurrenceId, Instant start, Instant now) {
        for (Duration offset : config.reminderOffsets()) {
            Instant due = start.minus(offset);
            if (due.isAfter(now)) {
                sql.update("INSERT INTO session_reminder (occurrence_id, offset_minutes, due_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                        occurrenceId, (int) offset.toMinutes(), due);
            }
        }
    }

    private void tellParticipants(SeriesRow series, OccurrenceRow occurrence, String kind, String dedupe, boolean urgent,
                                  Map<String, Object> extra) {
        List<UUID> people = sql.list("SELECT user_id FROM session_rsvp WHERE occurrence_id = ? AND answer IN ('yes', 'maybe')",
                rs -> rs.getObject(1, UUID.class), occurrence.id());
        Map<String, Object> data = new LinkedHashMap<>(data(series, occurrence));
        data.putAll(extra);
        for (UUID person : people) {
            Notice notice = Notice.of(person, kind, link(occurrence.id()), data).dedupedBy(dedupe);
            notifications.notify(urgent ? notice.asUrgent() : notice);
        }
    }

    static String link(UUID occurrenceId) {
        return "/sessions/occurrences/" + occurrenceId;
    }

    static Map<String, Object> data(SeriesRow series, OccurrenceRow occurrence) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("title", series.title());
        data.put("occurrenceId", occurrence.id().toString());
        data.put("startsAt", occurrence.startsAt().toString());
        data.put("timeZone", series.zone().getId());
        return data;
    }

    private RsvpView rsvpView(UUID occurrenceId, UUID userId) {
        String[] mine = sql.one("SELECT answer, seat FROM session_rsvp WHERE occurrence_id = ? AND user_id = ?",
                rs -> new String[]{rs.getString(1), rs.getString(2)}, occurrenceId, userId).orElseThrow();
        int attending = sql.one("SELECT attending FROM session_occurrence WHERE id = ?", rs -> rs.getInt(1), occurrenceId).orElseThrow();
        int waiting = sql.one("SELECT COUNT(*) FROM session_rsvp WHERE occurrence_id = ? AND seat = 'waiting'", rs -> rs.getInt(1), occurrenceId).orElseThrow();
        return new RsvpView(occurrenceId, mine[0], mine[1], attending, waiting);
    }

    private void rsvpChanged(SeriesRow series, UUID occurrenceId) {
        int attending = sql.one("SELECT attending FROM session_occurrence WHERE id = ?", rs -> rs.getInt(1), occurrenceId).orElseThrow();
        int waiting = sql.one("SELECT COUNT(*) FROM session_rsvp WHERE occurrence_id = ? AND seat = 'waiting'", rs -> rs.getInt(1), occurrenceId).orElseThrow();
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("occurrenceId", occurrenceId);
        event.put("seriesId", series.id());
        event.put("attending", attending);
        event.put("waiting", waiting);
        streams.append(SessionAccess.stream(series.theme()), "session.rsvp_changed", event);
    }

    private void occurrenceChanged(SeriesRow series, UUID occurrenceId) {
        OccurrenceRow o = occurrenceRow(occurrenceId);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("occurrenceId", occurrenceId);
        event.put("seriesId", series.id());
        event.put("status", o.status());
        event.put("startsAt", o.startsAt());
        event.put("endsAt", o.endsAt());
        event.put("sequence", o.sequence());
        streams.append(SessionAccess.stream(series.theme()), "session.occurrence_changed", event);
    }
}
