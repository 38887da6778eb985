package fr.maillage.peersession;

import fr.maillage.core.db.Sql;
import fr.maillage.core.error.ProblemException;
import fr.maillage.core.security.Caller;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fairness checks for scheduling a session across France's time zones, before anything is saved:
 * which territories of the audience are on a public holiday on each occurrence (the date as it
 * is <em>there</em>: Paris 10:00 on a Tuesday is Monday evening in Tahiti), which fall outside
 * reasonable hours (maillage.session.reasonable-from/-until, 07:30–21:00 local), and, for a
 * weekday and a duration, the start times that keep most of the audience within those hours.
 *
 * <p>The audience is the people following the theme, or, when nobody follows it yet or the
 * facilitator asks for it, everyone who can read the theme (active accounts; guests only if
 * invited to the theme). It is counted by territory and time zone, never listed by name.
 */
@Singleton
public class SessionPlanning {
    static final int MAX_CHECKED_OCCURRENCES = 24;
    static final int PROPOSALS = 5;
    private static final int STEP_MINUTES = 30;

    private final Sql sql;
    private final SessionAccess access;
    private final SessionConfig config;
    private final Holidays holidays;
    private final Clock clock;
    private final LocalTime reasonableFrom;
    private final LocalTime reasonableUntil;

    SessionPlanning(Sql sql, SessionAccess access, SessionConfig config, Clock clock,
                    @Value("${maillage.session.reasonable-from:07:30}") String reasonableFrom,
                    @Value("${maillage.session.reasonable-until:21:00}") String reasonableUntil) {
        this.sql = sql;
        this.access = access;
        this.config = config;
        this.clock = clock;
        this.holidays = Holidays.fromResource();
        this.reasonableFrom = LocalTime.parse(reasonableFrom);
        this.reasonableUntil = LocalTime.parse(reasonableUntil);
        if (!this.reasonableFrom.isBefore(this.reasonableUntil)) {
            throw new IllegalStateException("maillage.session.reasonable-from must be before reasonable-until");
        }
    }

    @Serdeable
    public record PlanningRequest(String theme, Integer durationMinutes, @Nullable String timeZone, LocalDateTime firstStart,
                                  String recurrence, @Nullable String rrule, @Nullable LocalDate until,
                                  @Nullable String audience, @Nullable Integer occurrences) {
    }

    @Serdeable
    public record SlotRequest(String theme, Integer durationMinutes, @Nullable String timeZone, String weekday,
                              @Nullable LocalDate week, @Nullable String audience) {
    }

    /** People of the audience in one territory and zone. */
    @Serdeable
    public record Group(@Nullable String territory, @Nullable String territoryName, String zone, long people) {
    }

    /** How a start looks in one group's zone. {@code dayShift}: -1 the day before, +1 the day after. */
    @Serdeable
    public record LocalSlot(@Nullable String territory, @Nullable String territoryName, String zone, long people,
                            LocalDateTime localStart, LocalDateTime localEnd, int dayShift, boolean reasonable) {
    }

    @Serdeable
    public record HolidayHit(String territory, String territoryName, LocalDate date, String nameFr, String nameEn, long people) {
    }

    @Serdeable
    public record OccurrenceCheck(Instant startsAt, LocalDateTime localStart, List<HolidayHit> holidays,
                                  List<LocalSlot> outsideHours, long peopleOutside) {
    }

    @Serdeable
    public record Planning(String audience, long people, String reasonableFrom, String reasonableUntil,
                           List<OccurrenceCheck> occurrences, int occurrencesWithHolidays) {
    }

    @Serdeable
    public record Proposal(LocalTime start, LocalDate date, long peopleWithin, long peopleOutside,
                           List<LocalSlot> local, List<HolidayHit> holidays) {
    }

    @Serdeable
    public record Slots(String audience, long people, String weekday, String timeZone, String reasonableFrom,
                        String reasonableUntil, List<Proposal> proposals) {
    }

    /** The fairness of a series (or one-off) about to be scheduled: holidays and hours per occurrence. */
    @Transactional(readOnly = true)
    public Planning check(Caller caller, PlanningRequest request) {
        requireFacilitator(caller, request.theme());
        ZoneId zone = Recurrence.zone(request.timeZone() == null ? config.defaultTimeZone() : request.timeZone());
        Duration duration = duration(request.durationMinutes());
        if (request.firstStart() == null) {
            throw ProblemException.invalid("firstStart", "is required");
        }
        if (request.recurrence() == null || !Recurrence.KINDS.contains(request.recurrence())) {
            throw ProblemException.invalid("recurrence", "must be once, monthly, bimonthly, quarterly or custom");
        }
        int wanted = request.occurrences() == null ? 12 : request.occurrences();
        if (wanted < 1 || wanted > MAX_CHECKED_OCCURRENCES) {
            throw ProblemException.invalid("occurrences", "must be between 1 and " + MAX_CHECKED_OCCURRENCES);
        }
        LocalDateTime first = request.firstStart().withSecond(0).withNano(0);
        if (request.until() != null && request.until().isBefore(first.toLocalDate())) {
            throw ProblemException.invalid("until", "the end of the series is before its first start");
        }
        String rule = Recurrence.rule(request.recurrence(), first, request.rrule(), request.until(), zone);
        List<LocalDateTime> starts = Recurrence.expand(first, rule, first.plusYears(5), wanted);
        Audience audience = audience(request.theme(), request.audience());
        List<OccurrenceCheck> checks = new ArrayList<>();
        int withHolidays = 0;
        for (LocalDateTime local : starts) {
            ZonedDateTime start = Recurrence.at(local, zone);
            List<LocalSlot> outside = slots(start, duration, audience.groups()).stream().filter(s -> !s.reasonable()).toList();
            List<HolidayHit> hits = holidayHits(start, audience.groups());
            if (!hits.isEmpty()) {
                withHolidays++;
            }
            checks.add(new OccurrenceCheck(start.toInstant(), local, hits, outside,
                    outside.stream().mapToLong(LocalSlot::people).sum()));
        }
        return new Planning(audience.kind(), audience.people(), reasonableFrom.toString(), reasonableUntil.toString(),
                checks, withHolidays);
    }

    /** The best start times on a weekday for the audience: most people within reasonable hours first. */
    @Transactional(readOnly = true)
    public Slots propose(Caller caller, SlotRequest request) {
        requireFacilitator(caller, request.theme());
        ZoneId zone = Recurrence.zone(request.timeZone() == null ? config.defaultTimeZone() : request.timeZone());
        Duration duration = duration(request.durationMinutes());
        DayOfWeek day = weekday(request.weekday());
        LocalDate today = LocalDate.now(clock.withZone(zone));
        LocalDate from = request.week() == null ? today.plusDays(1) : request.week();
        if (request.week() != null && (from.isBefore(today) || from.isAfter(today.plusYears(2)))) {
            throw ProblemException.invalid("week", "must be between today and two years from now");
        }
        LocalDate date = from.with(TemporalAdjusters.nextOrSame(day));
        Audience audience = audience(request.theme(), request.audience());
        List<Proposal> all = new ArrayList<>();
        for (int minutes = 0; minutes < 24 * 60; minutes += STEP_MINUTES) {
            LocalTime time = LocalTime.MIN.plusMinutes(minutes);
            ZonedDateTime start = Recurrence.at(date.atTime(time), zone);
            if (!start.toLocalTime().equals(time)) {
                continue; // a time that does not exist that day (spring-forward gap)
            }
            List<LocalSlot> local = slots(start, duration, audience.groups());
            List<HolidayHit> hits = holidayHits(start, audience.groups());
            java.util.Set<String> resting = new java.util.HashSet<>();
            hits.forEach(h -> resting.add(h.territory()));
            long within = local.stream().filter(s -> s.reasonable() && !resting.contains(s.territory()))
                    .mapToLong(LocalSlot::people).sum();
            all.add(new Proposal(time, date, within, audience.people() - within, local, hits));
        }
        // Most people within hours first; among equals, the time nearest the organiser's midday.
        all.sort(Comparator.comparingLong(Proposal::peopleWithin).reversed()
                .thenComparingLong(p -> Math.abs(ChronoUnit.MINUTES.between(LocalTime.NOON, p.start()))));
        List<Proposal> best = new ArrayList<>();
        for (Proposal p : all) {
            // Proposals at least an hour apart, so the list offers real alternatives.
            if (best.stream().noneMatch(b -> Math.abs(ChronoUnit.MINUTES.between(b.start(), p.start())) < 60)) {
                best.add(p);
            }
            if (best.size() == PROPOSALS) {
                break;
            }
        }
        return new Slots(audience.kind(), audience.people(), day.name(), zone.getId(), reasonableFrom.toString(),
                reasonableUntil.toString(), best);
    }

    // ---- the parts -------------------------------------------------------------------------

    record Audience(String kind, long people, List<Group> groups) {
    }

    private Audience audience(String theme, String asked) {
        if (asked != null && !asked.equals("followers") && !asked.equals("network")) {
            throw ProblemException.invalid("audience", "must be followers or network");
        }
        String readers = """
                u.deactivated_at IS NULL
                AND (u.role <> 'guest' OR EXISTS (SELECT 1 FROM theme_guest g WHERE g.user_id = u.id AND g.theme_slug = ?))""";
        // Reads discussion's follow table, as directory's GuestCircles does: a theme's followers
        // are the people a session of that theme is for.
        String followers = " AND EXISTS (SELECT 1 FROM discussion_follow f WHERE f.user_id = u.id AND f.target_kind = 'theme'"
                + " AND f.target = ? AND f.level = 'following')";
        List<Group> groups = List.of();
        String kind = "network";
        if (!"network".equals(asked)) {
            groups = groups(readers + followers, theme, theme);
            kind = "followers";
        }
        if (groups.isEmpty()) {
            groups = groups(readers, theme);
            kind = "network";
        }
        return new Audience(kind, groups.stream().mapToLong(Group::people).sum(), groups);
    }

    private List<Group> groups(String where, Object... args) {
        return sql.list("""
                SELECT u.territory_code, t.name, u.time_zone, count(*)
                FROM app_user u LEFT JOIN territory t ON t.code = u.territory_code
                WHERE %s
                GROUP BY u.territory_code, t.name, u.time_zone, t.sort_order
                ORDER BY t.sort_order NULLS LAST, u.time_zone""".formatted(where),
                rs -> new Group(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)), args);
    }

    private List<LocalSlot> slots(ZonedDateTime start, Duration duration, List<Group> groups) {
        List<LocalSlot> slots = new ArrayList<>();
        for (Group g : groups) {
            ZoneId there = zoneOrParis(g.zone());
            LocalDateTime localStart = start.withZoneSameInstant(there).toLocalDateTime();
            LocalDateTime localEnd = start.plus(duration).withZoneSameInstant(there).toLocalDateTime();
            int shift = (int) ChronoUnit.DAYS.between(start.toLocalDate(), localStart.toLocalDate());
            boolean reasonable = localStart.toLocalDate().equals(localEnd.toLocalDate())
                    && !localStart.toLocalTime().isBefore(reasonableFrom)
                    && !localEnd.toLocalTime().isAfter(reasonableUntil);
            slots.add(new LocalSlot(g.territory(), g.territoryName(), there.getId(), g.people(), localStart, localEnd, shift, reasonable));
        }
        return slots;
    }

    /**
     * The holidays of the theme's audience (its followers, or the network) on an occurrence, as
     * the series form's skip or move option sees them when the series is created.
     */
    List<HolidayHit> audienceHolidays(String theme, ZonedDateTime start) {
        return holidayHits(start, audience(theme, null).groups());
    }

    /** Holidays on the start's date as it is in each territory of the audience. */
    private List<HolidayHit> holidayHits(ZonedDateTime start, List<Group> groups) {
        Map<String, HolidayHit> hits = new LinkedHashMap<>();
        for (Group g : groups) {
            if (g.territory() == null) {
                continue;
            }
            LocalDate there = start.withZoneSameInstant(zoneOrParis(g.zone())).toLocalDate();
            for (Holidays.Holiday h : holidays.on(g.territory(), there)) {
                hits.merge(g.territory() + "|" + h.nameFr(),
                        new HolidayHit(g.territory(), g.territoryName(), there, h.nameFr(), h.nameEn(), g.people()),
                        (a, b) -> new HolidayHit(a.territory(), a.territoryName(), a.date(), a.nameFr(), a.nameEn(), a.people() + b.people()));
            }
        }
        return List.copyOf(hits.values());
    }

    private void requireFacilitator(Caller caller, String theme) {
        if (!caller.role().animates()) {
            throw ProblemException.forbidden("Only facilitators and administrators schedule sessions");
        }
        if (theme == null || theme.isBlank() || !access.canReadTheme(caller.userId(), theme)) {
            throw ProblemException.invalid("theme", "unknown or archived theme");
        }
    }

    private static Duration duration(Integer minutes) {
        if (minutes == null || minutes < 5 || minutes > 1440) {
            throw ProblemException.invalid("durationMinutes", "must be between 5 and 1440");
        }
        return Duration.ofMinutes(minutes);
    }

    private static DayOfWeek weekday(String text) {
        if (text != null) {
            for (DayOfWeek d : DayOfWeek.values()) {
                if (d.name().equalsIgnoreCase(text) || d.name().substring(0, 2).equalsIgnoreCase(text)) {
                    return d;
                }
            }
        }
        throw ProblemException.invalid("weekday", "must be a day such as TU or TUESDAY");
    }

    private static ZoneId zoneOrParis(String zone) {
        try {
            return ZoneId.of(zone);
        } catch (RuntimeException e) {
            return ZoneId.of("Europe/Paris");
        }
    }
}
