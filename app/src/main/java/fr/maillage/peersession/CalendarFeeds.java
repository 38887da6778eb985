package fr.maillage.peersession;

import fr.maillage.core.db.Sql;
import fr.maillage.core.error.ProblemException;
import fr.maillage.core.security.Caller;
import fr.maillage.core.security.PublicUrl;
import fr.maillage.core.security.Tokens;
import fr.maillage.peersession.PeerSessionService.OccurrenceRow;
import fr.maillage.peersession.PeerSessionService.SeriesRow;
import fr.maillage.peersession.SessionViews.FeedView;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.TimeZoneRegistry;
import net.fortuna.ical4j.model.TimeZoneRegistryFactory;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.component.VTimeZone;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.DtStart;
import net.fortuna.ical4j.model.property.Location;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.RRule;
import net.fortuna.ical4j.model.property.RecurrenceId;
import net.fortuna.ical4j.model.property.Sequence;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.Url;
import net.fortuna.ical4j.model.property.XProperty;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableMethod;
import net.fortuna.ical4j.model.property.immutable.ImmutableStatus;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;

import net.fortuna.ical4j.model.DateList;
import net.fortuna.ical4j.model.ParameterList;
import net.fortuna.ical4j.model.parameter.Cn;
import net.fortuna.ical4j.model.parameter.PartStat;
import net.fortuna.ical4j.model.parameter.Rsvp;
import net.fortuna.ical4j.model.parameter.TzId;
import net.fortuna.ical4j.model.property.Attendee;
import net.fortuna.ical4j.model.property.Organizer;
import net.fortuna.ical4j.model.property.ExDate;
import net.fortuna.ical4j.model.property.Method;
import net.fortuna.ical4j.model.property.Summary;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * iCalendar output. A series is one VEVENT with its RRULE (UID {@code series-<id>@maillage}),
 * each moved, cancelled or changed occurrence an override with the same UID and a
 * RECURRENCE-ID (the rule's original start); times carry the organiser's TZID with its
 * VTIMEZONE. SEQUENCE follows every change; a cancelled occurrence has STATUS:CANCELLED.
 */
@Singleton
public class CalendarFeeds {
    static final String FEED_PATH = "/api/peer-sessions/calendar/";
    private final Sql sql;
    private final PeerSessionService sessions;
    private final SessionAccess access;
    private final PublicUrl publicUrl;
    private final Clock clock;
    private final TimeZoneRegistry zones = TimeZoneRegistryFactory.getInstance().createRegistry();

    private final fr.maillage.mail.MailConfig mailConfig;
    private final fr.maillage.notification.NotificationMessages messages;

    CalendarFeeds(Sql sql, PeerSessionService sessions, SessionAccess access, PublicUrl publicUrl, Clock clock,
                  fr.maillage.mail.MailConfig mailConfig, fr.maillage.notification.NotificationMessages messages) {
        this.messages = messages;
        this.mailConfig = mailConfig;
        this.sql = sql;
        this.sessions = sessions;
        this.access = access;
        this.publicUrl = publicUrl;
        this.clock = clock;
    }

    // ---- private feed tokens -------------------------------------------------------------

    /** A new private feed URL; the previous one stops working. Only the token's hash is kept. */
    @Transactional
    public FeedView renewFeed(Caller caller) {
        String token = Tokens.newToken();
        sql.update("INSERT INTO session_feed_token (user_id, token_hash, created_at) VALUES (?, ?, ?) "
                        + "ON CONFLICT (user_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = EXCLUDED.created_at",
                caller.userId(), Tokens.hash(token), clock.instant());
        return new FeedView(true, publicUrl.link(FEED_PATH + token + ".ics"));
    }

    @Transactional
    public void revokeFeed(Caller caller) {
        sql.update("DELETE FROM session_feed_token WHERE user_id = ?", caller.userId());
    }

    @Transactional(readOnly = true)
    public FeedView feed(Caller caller) {
        return new FeedView(sql.exists("SELECT 1 FROM session_feed_token WHERE user_id = ?", caller.userId()), null);
    }

    private UUID owner(String token) {
        if (token == null || token.length() > 100) {
            throw ProblemException.notFound();
        }
        return sql.one("SELECT user_id FROM session_feed_token WHERE token_hash = ?", rs -> rs.getObject(1, UUID.class), Tokens.hash(token))
                .orElseThrow(ProblemException::notFound);
    }

    // ---- feeds ---------------------------------------------------------------------------

    /** What the token's owner attends (yes, maybe, waiting), follows or facilitates. */
    @Transactional(readOnly = true)
    public String personalFeed(String token) {
        UUID userId = owner(token);
        List<UUID> seriesIds = sql.list("""
                SELECT s.id FROM session_series s WHERE
                  EXISTS (SELECT 1 FROM session_rsvp r JOIN session_occurrence o ON o.id = r.occurrence_id
                          WHERE o.series_id = s.id AND r.user_id = ? AND r.answer IN ('yes', 'maybe'))
                  OR EXISTS (SELECT 1 FROM session_series_follow f WHERE f.series_id = s.id AND f.user_id = ?)
                  OR EXISTS (SELECT 1 FROM session_facilitator f WHERE f.series_id = s.id AND f.user_id = ?)
                ORDER BY s.created_at""", rs -> rs.getObject(1, UUID.class), userId, userId, userId);
        // An occurrence answered "no" is left out, unless the person follows or facilitates the series.
        Map<UUID, Set<Instant>> declined = new HashMap<>();
        sql.list("""
                SELECT o.series_id, o.original_start FROM session_rsvp r JOIN session_occurrence o ON o.id = r.occurrence_id
                WHERE r.user_id = ? AND r.answer = 'no'
                  AND NOT EXISTS (SELECT 1 FROM session_series_follow f WHERE f.series_id = o.series_id AND f.user_id = r.user_id)
                  AND NOT EXISTS (SELECT 1 FROM session_facilitator f WHERE f.series_id = o.series_id AND f.user_id = r.user_id)""",
                rs -> declined.computeIfAbsent(rs.getObject(1, UUID.class), k -> new HashSet<>()).add(rs.getTimestamp(2).toInstant()),
                userId);
        // Each answered occurrence says the person's answer (an override when the rule alone gave it).
        String lang = sql.one("SELECT COALESCE(language, 'fr') FROM app_user WHERE id = ?", rs -> rs.getString(1), userId).orElse("fr");
        Map<UUID, Map<Instant, String>> answers = new HashMap<>();
        sql.list("""
                SELECT o.series_id, o.original_start, CASE WHEN r.seat = 'waiting' THEN 'waiting' ELSE r.answer END
                FROM session_rsvp r JOIN session_occurrence o ON o.id = r.occurrence_id
                WHERE r.user_id = ?""",
                rs -> answers.computeIfAbsent(rs.getObject(1, UUID.class), k -> new HashMap<>())
                        .put(rs.getTimestamp(2).toInstant(), messages.text(lang, "session.feed.answer." + rs.getString(3), Map.of())),
                userId);
        return calendar("Maillage", readableSeries(userId, seriesIds), declined, answers);
    }

    /** Every session of a theme the token's owner reads. */
    @Transactional(readOnly = true)
    public String themeFeed(String token, String theme) {
        UUID userId = owner(token);
        if (!access.canReadTheme(userId, theme)) {
            throw ProblemException.notFound();
        }
        List<UUID> seriesIds = sql.list("SELECT id FROM session_series WHERE theme_slug = ? ORDER BY created_at",
                rs -> rs.getObject(1, UUID.class), theme);
        return calendar("Maillage · " + theme, readableSeries(userId, seriesIds), Map.of(), Map.of());
    }

    /**
     * One occurrence alone, to download: its own UID, so it never clashes with a subscribed
     * series. A cancelled occurrence is a {@code METHOD:CANCEL} object, so a calendar that
     * imported the file removes it; otherwise {@code REQUEST} when mailed, {@code PUBLISH} here.
     */
    @Transactional(readOnly = true)
    public String occurrenceFile(Caller caller, UUID occurrenceId) {
        OccurrenceRow occurrence = sessions.occurrenceRow(occurrenceId);
        SeriesRow series = sessions.readableSeries(caller, occurrence.seriesId());
        return occurrenceFile(series, occurrence, false);
    }

    /** The file of one occurrence; {@code invitation} makes it METHOD:REQUEST (for e-mail). */
    String occurrenceFile(SeriesRow series, OccurrenceRow occurrence, boolean invitation) {
        return occurrenceFile(series, occurrence, invitation, null);
    }

    /**
     * The invitation an e-mail carries (RFC 5546): METHOD:REQUEST, or CANCEL for a cancelled
     * occurrence, with the network as ORGANIZER and the recipient as ATTENDEE (their answer as
     * PARTSTAT), so a click adds, updates (SEQUENCE) or removes the session in their calendar.
     */
    String invitation(SeriesRow series, OccurrenceRow occurrence, Invitee invitee) {
        return occurrenceFile(series, occurrence, true, invitee);
    }

    record Invitee(String email, String name, String answer) {
    }

    private String occurrenceFile(SeriesRow series, OccurrenceRow occurrence, boolean invitation, Invitee invitee) {
        Calendar calendar = newCalendar(occurrence.cancelled() ? ImmutableMethod.CANCEL
                : invitation ? ImmutableMethod.REQUEST : ImmutableMethod.PUBLISH);
        calendar.add(vtimezone(series.zone()));
        VEvent event = timed(series, occurrence.startsAt(), occurrence.endsAt());
        event.add(new Uid("occurrence-" + occurrence.id() + "@maillage"));
        describe(event, series, occurrence);
        if (invitee != null) {
            event.add(new Organizer(new ParameterList(List.of(new Cn("Maillage"))), URI.create("mailto:" + organiserAddress())));
            String partStat = switch (invitee.answer() == null ? "" : invitee.answer()) {
                case "yes" -> "ACCEPTED";
                case "maybe" -> "TENTATIVE";
                case "no" -> "DECLINED";
                default -> "NEEDS-ACTION";
            };
            event.add(new Attendee(new ParameterList(List.of(new Cn(invitee.name()), new PartStat(partStat), new Rsvp(false))),
                    URI.create("mailto:" + invitee.email())));
        }
        return IcsText.write(calendar.add(event));
    }

    private String organiserAddress() {
        String from = mailConfig.from() == null ? "" : mailConfig.from();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<([^>]+)>").matcher(from);
        String address = m.find() ? m.group(1) : from.strip();
        return address.contains("@") ? address : "noreply@maillage.invalid";
    }

    private List<SeriesRow> readableSeries(UUID userId, List<UUID> ids) {
        List<SeriesRow> list = new ArrayList<>();
        Map<String, Boolean> readable = new LinkedHashMap<>();
        for (UUID id : ids) {
            SeriesRow s = sql.one(PeerSessionService.SERIES_SELECT + " WHERE s.id = ?", PeerSessionService::series, id).orElseThrow();
            if (readable.computeIfAbsent(s.theme(), t -> access.canReadTheme(userId, t))) {
                list.add(s);
            }
        }
        return list;
    }

    private String calendar(String name, List<SeriesRow> seriesList, Map<UUID, Set<Instant>> declined,
                            Map<UUID, Map<Instant, String>> answers) {
        Calendar calendar = newCalendar(ImmutableMethod.PUBLISH);
        calendar.add(new XProperty("X-WR-CALNAME", name));
        Set<ZoneId> zonesUsed = new LinkedHashSet<>();
        List<VEvent> events = new ArrayList<>();
        for (SeriesRow series : seriesList) {
            zonesUsed.add(series.zone());
            List<OccurrenceRow> rows = sql.list(PeerSessionService.OCCURRENCE_SELECT + " WHERE series_id = ? ORDER BY original_start",
                    PeerSessionService::occurrence, series.id());
            if (rows.isEmpty()) {
                continue;
            }
            Set<Instant> left = declined.getOrDefault(series.id(), Set.of());
            Map<Instant, String> answered = answers.getOrDefault(series.id(), Map.of());
            List<java.time.LocalTime> slots = series.slots();
            if (series.rrule() == null || slots.size() < 2) {
                publish(events, series, "series-" + series.id() + "@maillage", series.rrule(), rows, left, answered);
                continue;
            }
            // A rotating series: one VEVENT per start time, each with its own rule (every n-th occurrence).
            for (int k = 0; k < slots.size(); k++) {
                List<OccurrenceRow> mine = new ArrayList<>();
                for (int i = k; i < rows.size(); i += slots.size()) {
                    mine.add(rows.get(i));
                }
                if (!mine.isEmpty()) {
                    publish(events, series, "series-" + series.id() + "-" + (k + 1) + "@maillage",
                            Recurrence.everyNth(series.rrule(), slots.size()), mine, left, answered);
                }
            }
        }
        zonesUsed.forEach(z -> calendar.add(vtimezone(z)));
        events.forEach(calendar::add);
        return IcsText.write(calendar);
    }


    /** One VEVENT with its rule (or a one-off), then an override per moved, cancelled, changed or answered occurrence. */
    private void publish(List<VEvent> events, SeriesRow series, String uid, String rule, List<OccurrenceRow> rows,
                         Set<Instant> left, Map<Instant, String> answered) {
        OccurrenceRow first = rows.get(0);
        VEvent master;
        if (rule != null) {
            // The rule's wall time, even in a spring-forward gap: RFC 5545 clients then expand
            // every later occurrence at the series' local time, as we do.
            master = new VEvent();
            master.add(new DtStart<>(tzid(series.zone()), wallTime(series, first.originalStart())));
            master.add(new net.fortuna.ical4j.model.property.Duration(java.time.Duration.ofMinutes(series.durationMinutes())));
            master.add(new Summary(series.title()));
            master.add(new RRule<>(boundedRule(rule, rows.size())));
            List<LocalDateTime> excluded = rows.stream().filter(o -> left.contains(o.originalStart()))
                    .map(o -> wallTime(series, o.originalStart())).toList();
            if (!excluded.isEmpty()) {
                master.add(new ExDate<>(tzid(series.zone()), new DateList<>(excluded)));
            }
        } else {
            if (left.contains(first.originalStart())) {
                return;
            }
            master = timed(series, first.originalStart(), first.originalStart().plus(java.time.Duration.ofMinutes(series.durationMinutes())));
        }
        master.add(new Uid(uid));
        master.add(new Sequence(series.sequence()));
        describe(master, series, null, rule == null ? answered.get(first.originalStart()) : null);
        events.add(master);
        for (OccurrenceRow o : rows) {
            if (!o.moved() && !o.cancelled() && o.sequence() == 0 && rule != null && !answered.containsKey(o.originalStart())) {
                continue;
            }
            if (left.contains(o.originalStart())) {
                continue;
            }
            if (rule == null && o == first) {
                // A one-off session: the master itself is the occurrence.
                master.replace(new DtStart<>(tzid(series.zone()), o.startsAt().atZone(series.zone()).toLocalDateTime()));
                master.replace(new net.fortuna.ical4j.model.property.DtEnd<>(tzid(series.zone()), o.endsAt().atZone(series.zone()).toLocalDateTime()));
                master.replace(new Sequence(Math.max(series.sequence(), o.sequence())));
                if (o.cancelled()) {
                    master.add(ImmutableStatus.VEVENT_CANCELLED);
                }
                continue;
            }
            VEvent override = timed(series, o.startsAt(), o.endsAt());
            override.add(new Uid(uid));
            override.add(new RecurrenceId<>(tzid(series.zone()), wallTime(series, o.originalStart())));
            describe(override, series, o, answered.get(o.originalStart()));
            events.add(override);
        }
    }

    /**
     * The local time the rule gave an occurrence. An instant that a gap pushed forward (02:30 on
     * the last Sunday of March in Paris is 03:30 summer time) is written as the series' own wall
     * time, which RFC 5545 resolves to the same instant, so RECURRENCE-IDs match the expansion.
     */
    static LocalDateTime wallTime(SeriesRow series, Instant originalStart) {
        LocalDateTime local = originalStart.atZone(series.zone()).toLocalDateTime();
        for (java.time.LocalTime slot : series.slots()) {
            LocalDateTime ruleTime = LocalDateTime.of(local.toLocalDate(), slot);
            if (!ruleTime.equals(local) && Recurrence.at(ruleTime, series.zone()).toInstant().equals(originalStart)) {
                return ruleTime;
            }
        }
        return local;
    }

    /**
     * An event from {@code start} to {@code end}, written as the organiser zone's local times with
     * its TZID. Never a ZonedDateTime: ical4j re-reads those through its own copy of the zone,
     * whose history (local mean time until 1912 in Tahiti) put 20:00 at 20:01:44.
     */
    private static VEvent timed(SeriesRow series, Instant start, Instant end) {
        VEvent event = new VEvent();
        event.add(new DtStart<>(tzid(series.zone()), start.atZone(series.zone()).toLocalDateTime()));
        event.add(new net.fortuna.ical4j.model.property.DtEnd<>(tzid(series.zone()), end.atZone(series.zone()).toLocalDateTime()));
        event.add(new Summary(series.title()));
        return event;
    }

    private static ParameterList tzid(ZoneId zone) {
        return new ParameterList(List.of(new TzId(zone.getId())));
    }

    /** The stored rule bounded to the occurrences we expanded (COUNT replaces UNTIL/COUNT). */
    static String boundedRule(String rule, int count) {
        StringBuilder bounded = new StringBuilder();
        for (String part : rule.split(";")) {
            if (!part.startsWith("UNTIL=") && !part.startsWith("COUNT=")) {
                bounded.append(bounded.isEmpty() ? "" : ";").append(part);
            }
        }
        return bounded + ";COUNT=" + count;
    }

    private void describe(VEvent event, SeriesRow series, OccurrenceRow occurrence) {
        describe(event, series, occurrence, null);
    }

    /** {@code answer}: the feed owner's answer to this occurrence, as a sentence, or null. */
    private void describe(VEvent event, SeriesRow series, OccurrenceRow occurrence, String answer) {
        // VEvent's constructor already stamps it: one DTSTAMP, from our clock.
        event.replace(new DtStamp(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        if (occurrence != null) {
            event.add(new Sequence(Math.max(series.sequence(), occurrence.sequence())));
            event.add(occurrence.cancelled() ? ImmutableStatus.VEVENT_CANCELLED : ImmutableStatus.VEVENT_CONFIRMED);
            event.add(new Url(URI.create(publicUrl.link(PeerSessionService.link(occurrence.id())))));
        }
        String text = series.description();
        if (!series.dialIn().isBlank()) {
            text = text + (text.isBlank() ? "" : "\n\n") + series.dialIn();
        }
        // Many clients show DESCRIPTION but not URL: the link goes in both.
        String link = publicUrl.link(occurrence != null ? PeerSessionService.link(occurrence.id()) : "/sessions?theme=" + series.theme());
        text = text + (text.isBlank() ? "" : "\n\n") + link;
        if (answer != null) {
            text = answer + "\n\n" + text;
        }
        if (!text.isBlank()) {
            event.add(new Description(text));
        }
        if (series.place() != null) {
            event.add(new Location(series.place()));
        }
    }

    private Calendar newCalendar(Method method) {
        Calendar calendar = new Calendar();
        calendar.add(new ProdId("-//Maillage//Peer sessions//FR"));
        calendar.add(ImmutableVersion.VERSION_2_0);
        calendar.add(ImmutableCalScale.GREGORIAN);
        calendar.add(method);
        return calendar;
    }

    private final Map<ZoneId, VTimeZone> namedZones = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The zone's VTIMEZONE, under the very TZID the events use. ical4j's data resolve a linked
     * zone to its target (Indian/Reunion to Asia/Dubai, Indian/Mayotte to Africa/Nairobi), and an
     * event whose TZID has no VTIMEZONE of that name is read as floating or UTC time.
     */
    private VTimeZone vtimezone(ZoneId zone) {
        return namedZones.computeIfAbsent(zone, z -> {
            VTimeZone found = zones.getTimeZone(z.getId()).getVTimeZone();
            String text = found.toString();
            java.util.regex.Matcher tzid = java.util.regex.Pattern.compile("(?m)^TZID:(.*)\r?$").matcher(text);
            if (!tzid.find() || tzid.group(1).strip().equals(z.getId())) {
                return found;
            }
            String renamed = text.replaceAll("(?m)^TZID:.*\r?\n", "TZID:" + z.getId() + "\r\n")
                    .replaceAll("(?m)^(TZURL|X-LIC-LOCATION):.*\r?\n", "");
            try {
                Calendar parsed = new net.fortuna.ical4j.data.CalendarBuilder().build(new java.io.StringReader(
                        "BEGIN:VCALENDAR\r\nPRODID:-//Maillage//Peer sessions//FR\r\nVERSION:2.0\r\n" + renamed + "END:VCALENDAR\r\n"));
                return (VTimeZone) parsed.getComponent("VTIMEZONE").orElseThrow();
            } catch (java.io.IOException | net.fortuna.ical4j.data.ParserException e) {
                throw new IllegalStateException("VTIMEZONE of " + z, e);
            }
        });
    }
}
