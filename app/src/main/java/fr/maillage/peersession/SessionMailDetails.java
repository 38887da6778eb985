package fr.maillage.peersession;

import fr.maillage.core.db.Sql;
import fr.maillage.mail.MailAttachment;
import fr.maillage.notification.NoticeDetails;
import fr.maillage.notification.NotificationMessages;
import fr.maillage.peersession.PeerSessionService.OccurrenceRow;
import fr.maillage.peersession.PeerSessionService.SeriesRow;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What a session e-mail (moved, cancelled, reminder, promoted from the waiting list)
 * adds to the catalogue's sentence, which already says what happened, the title and the time in
 * the recipient's zone: the time in the organiser's zone, the previous time of a moved session,
 * the place or the video room, and the occurrence as an {@code .ics} invitation (METHOD:REQUEST,
 * or CANCEL) that adds, updates or removes it in the person's calendar. Read when the e-mail is
 * assembled, from the occurrence as it is then.
 */
@Singleton
class SessionMailDetails implements NoticeDetails {
    static final Set<String> KINDS = Set.of("session.moved", "session.cancelled", "session.reminder",
            "session.promoted");

    private final Sql sql;
    private final SessionAccess access;
    private final CalendarFeeds feeds;
    private final Jitsi jitsi;
    private final SessionConfig config;
    private final NotificationMessages messages;
    private final Clock clock;

    SessionMailDetails(Sql sql, SessionAccess access, CalendarFeeds feeds, Jitsi jitsi, SessionConfig config,
                       NotificationMessages messages, Clock clock) {
        this.sql = sql;
        this.access = access;
        this.feeds = feeds;
        this.jitsi = jitsi;
        this.config = config;
        this.messages = messages;
        this.clock = clock;
    }

    @Override
    public boolean covers(String kind) {
        return KINDS.contains(kind);
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Detail> detail(UUID recipientId, String kind, String link, Map<String, Object> data, String language) {
        UUID occurrenceId;
        try {
            occurrenceId = UUID.fromString(String.valueOf(data.get("occurrenceId")));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        Optional<OccurrenceRow> found = sql.one(PeerSessionService.OCCURRENCE_SELECT + " WHERE id = ?", PeerSessionService::occurrence,
                occurrenceId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        OccurrenceRow occurrence = found.get();
        SeriesRow series = sql.one(PeerSessionService.SERIES_SELECT + " WHERE s.id = ?", PeerSessionService::series,
                occurrence.seriesId()).orElseThrow();
        if (!access.canReadTheme(recipientId, series.theme())) {
            return Optional.empty();
        }
        String[] person = sql.one("SELECT email, display_name, time_zone FROM app_user WHERE id = ?",
                rs -> new String[]{rs.getString(1), rs.getString(2), rs.getString(3)}, recipientId).orElse(null);
        if (person == null) {
            return Optional.empty();
        }
        String answer = sql.one("SELECT CASE WHEN seat = 'waiting' THEN 'waiting' ELSE answer END FROM session_rsvp "
                + "WHERE occurrence_id = ? AND user_id = ?", rs -> rs.getString(1), occurrenceId, recipientId).orElse(null);
        String lang = NotificationMessages.language(language);

        ZoneId reader = readerZone(person[2], series.zone());

        StringBuilder markdown = new StringBuilder();
        // Digests show no body: the time in the reader's zone comes first here too.
        line(markdown, messages.text(lang, "session.mail.time", Map.of("when", when(lang, reader, occurrence.startsAt()))));
        if (!reader.equals(series.zone())) {
            line(markdown, messages.text(lang, "session.mail.organiserTime",
                    Map.of("when", when(lang, series.zone(), occurrence.startsAt()))));
        }
        if ("session.moved".equals(kind) && data.get("previousStartsAt") instanceof String previous) {
            try {
                line(markdown, messages.text(lang, "session.mail.previousTime",
                        Map.of("when", when(lang, reader, Instant.parse(previous)))));
            } catch (DateTimeException ignored) {
                // an unreadable previous time is left out
            }
        }
        if (series.place() != null && !series.place().isBlank()) {
            line(markdown, messages.text(lang, "session.mail.place", Map.of("place", series.place())));
        }
        if (!"in_person".equals(series.format())) {
            // A public Jitsi room has a stable address; a token-protected one is opened from the page.
            String room = config.jwtEnabled() ? null : jitsi.url(occurrence.room(), person[1], clock.instant());
            line(markdown, room != null ? messages.text(lang, "session.mail.room", Map.of("url", room))
                    : messages.text(lang, "session.mail.roomInApp", Map.of()));
        }
        if (!series.dialIn().isBlank()) {
            line(markdown, messages.text(lang, "session.mail.dialIn", Map.of("dialIn", series.dialIn())));
        }
        boolean cancel = occurrence.cancelled();
        line(markdown, messages.text(lang, cancel ? "session.mail.icsCancel" : "session.mail.icsRequest", Map.of()));
        String ics = feeds.invitation(series, occurrence, new CalendarFeeds.Invitee(person[0], person[1], answer));
        MailAttachment file = new MailAttachment("session-" + occurrence.startsAt().atZone(series.zone()).toLocalDate() + ".ics",
                "text/calendar; charset=UTF-8; method=" + (cancel ? "CANCEL" : "REQUEST"), ics);
        return Optional.of(new Detail(Map.of(), markdown.toString(), null, null, null, List.of(file)));
    }

    private static ZoneId readerZone(String name, ZoneId fallback) {
        try {
            return name == null ? fallback : ZoneId.of(name);
        } catch (DateTimeException e) {
            return fallback;
        }
    }

    private static void line(StringBuilder markdown, String text) {
        markdown.append("- ").append(text).append('\n');
    }

    static String when(String language, ZoneId zone, Instant at) {
        boolean en = "en".equals(language);
        DateTimeFormatter format = DateTimeFormatter.ofPattern(en ? "EEEE d MMMM yyyy 'at' HH:mm" : "EEEE d MMMM yyyy 'à' HH:mm",
                en ? Locale.ENGLISH : Locale.FRENCH);
        return format.format(at.atZone(zone)) + " (" + zone.getId() + ")";
    }
}
