package fr.maillage.peersession;

import fr.maillage.core.error.ProblemException;
import net.fortuna.ical4j.model.Recur;
import net.fortuna.ical4j.transform.recurrence.Frequency;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The recurrence of a series, expanded on local wall-clock times of the organiser's zone (10:00
 * in Paris stays 10:00 in Paris across daylight saving; other zones see the shift).
 *
 * <p>Presets take the weekday of the first start and its rank in the month: a first start on
 * Tuesday 13 January 2026 (the 2nd Tuesday) with {@code bimonthly} gives
 * {@code FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU}. A 5th weekday becomes "the last" ({@code -1}).
 */
final class Recurrence {
    static final Set<String> KINDS = Set.of("once", "monthly", "bimonthly", "quarterly", "custom");
    private static final int RRULE_MAX = 300;
    private static final Pattern UTC_UNTIL = Pattern.compile("UNTIL=(\\d{8}T\\d{6})Z", Pattern.CASE_INSENSITIVE);
    private static final DateTimeFormatter BASIC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");

    private Recurrence() {
    }

    static ZoneId zone(String name) {
        if (name == null || name.isBlank() || !ZoneId.getAvailableZoneIds().contains(name)) {
            throw ProblemException.invalid("timeZone", "must be an IANA time zone such as Europe/Paris");
        }
        return ZoneId.of(name);
    }

    /** The RRULE for a preset, or the custom one checked; null for a one-off session. */
    static String rule(String kind, LocalDateTime firstStart, String customRule, LocalDate until, ZoneId zone) {
        String untilPart = until == null ? "" : ";UNTIL=" + until.toString().replace("-", "") + "T235959";
        return switch (kind) {
            case "once" -> null;
            case "monthly" -> "FREQ=MONTHLY;INTERVAL=1;BYDAY=" + byDay(firstStart) + untilPart;
            case "bimonthly" -> "FREQ=MONTHLY;INTERVAL=2;BYDAY=" + byDay(firstStart) + untilPart;
            case "quarterly" -> "FREQ=MONTHLY;INTERVAL=3;BYDAY=" + byDay(firstStart) + untilPart;
            case "custom" -> custom(customRule, zone);
            default -> throw ProblemException.invalid("recurrence", "must be once, monthly, bimonthly, quarterly or custom");
        };
    }

    static String byDay(LocalDateTime start) {
        int rank = (start.getDayOfMonth() - 1) / 7 + 1;
        String day = start.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH).substring(0, 2).toUpperCase(Locale.ROOT);
        return (rank == 5 ? "-1" : String.valueOf(rank)) + day;
    }

    private static String custom(String rule, ZoneId zone) {
        if (rule == null || rule.isBlank()) {
            throw ProblemException.invalid("rrule", "a custom recurrence needs an RRULE");
        }
        String text = rule.strip();
        if (text.regionMatches(true, 0, "RRULE:", 0, 6)) {
            text = text.substring(6);
        }
        if (text.length() > RRULE_MAX || !text.matches("[A-Za-z0-9=;,+\\-]+")) {
            throw ProblemException.invalid("rrule", "not a valid RRULE");
        }
        checkParts(text);
        text = localUntil(text, zone);
        try {
            Recur<LocalDateTime> recur = new Recur<>(text);
            if (recur.getFrequency() == null) {
                throw ProblemException.invalid("rrule", "not a valid RRULE: FREQ is missing");
            }
            if (recur.getFrequency().compareTo(Frequency.DAILY) < 0) {
                throw ProblemException.invalid("rrule", "a session recurs at most daily");
            }
        } catch (IllegalArgumentException | DateTimeException e) {
            throw ProblemException.invalid("rrule", "not a valid RRULE");
        }
        return text;
    }

    /**
     * What ical4j lets through but RFC 5545 (section 3.3.10) forbids: INTERVAL and COUNT are
     * positive integers, and COUNT and UNTIL never come together. The message names the part.
     */
    static void checkParts(String rule) {
        boolean count = false;
        boolean until = false;
        for (String part : rule.split(";")) {
            int eq = part.indexOf('=');
            String name = (eq < 0 ? part : part.substring(0, eq)).toUpperCase(Locale.ROOT);
            String value = eq < 0 ? "" : part.substring(eq + 1);
            switch (name) {
                case "INTERVAL" -> {
                    if (!positive(value)) {
                        throw ProblemException.invalid("rrule", "INTERVAL must be a whole number of 1 or more (RFC 5545), not \""
                                + value + "\"");
                    }
                }
                case "COUNT" -> {
                    if (!positive(value)) {
                        throw ProblemException.invalid("rrule", "COUNT must be a whole number of 1 or more (RFC 5545), not \""
                                + value + "\"");
                    }
                    count = true;
                }
                case "UNTIL" -> until = true;
                default -> {
                }
            }
        }
        if (count && until) {
            throw ProblemException.invalid("rrule", "COUNT and UNTIL cannot both end a rule (RFC 5545): keep one of them");
        }
    }

    private static boolean positive(String value) {
        return value.matches("\\d{1,4}") && Integer.parseInt(value) >= 1;
    }

    /**
     * Occurrences are expanded on local times, so a UTC {@code UNTIL=…Z} becomes the same
     * instant's local time in the organiser's zone.
     */
    static String localUntil(String rule, ZoneId zone) {
        Matcher m = UTC_UNTIL.matcher(rule);
        if (!m.find()) {
            return rule;
        }
        try {
            LocalDateTime utc = LocalDateTime.parse(m.group(1), BASIC);
            String local = utc.atOffset(ZoneOffset.UTC).atZoneSameInstant(zone).toLocalDateTime().format(BASIC);
            return rule.substring(0, m.start(1)) + local + rule.substring(m.end(1) + 1);
        } catch (DateTimeException e) {
            throw ProblemException.invalid("rrule", "not a valid RRULE: UNTIL");
        }
    }

    /** The local starts of the series, at most {@code max}, none after {@code horizon}. */
    static List<LocalDateTime> expand(LocalDateTime firstStart, String rule, LocalDateTime horizon, int max) {
        if (rule == null) {
            return List.of(firstStart);
        }
        List<LocalDateTime> dates;
        try {
            Recur<LocalDateTime> recur = new Recur<>(rule);
            dates = recur.getDates(firstStart, firstStart, horizon, max + 1);
        } catch (IllegalArgumentException | DateTimeException e) {
            throw ProblemException.invalid("rrule", "not a valid RRULE");
        }
        List<LocalDateTime> result = new ArrayList<>();
        for (LocalDateTime d : dates) {
            if (!d.isBefore(firstStart) && result.size() < max) {
                result.add(d);
            }
        }
        if (result.isEmpty()) {
            throw ProblemException.invalid("rrule", "this rule gives no occurrence from the first start on");
        }
        return result;
    }

    /**
     * The start times a series rotates between: the first start's, then {@code rotateWith}
     * ("19:00"), at most three in all. Only the presets (one occurrence per period) rotate, so
     * each start time is again a rule: the preset's with its INTERVAL times the number of times.
     */
    static List<java.time.LocalTime> rotation(String kind, LocalDateTime firstStart, List<String> rotateWith) {
        List<java.time.LocalTime> slots = new ArrayList<>();
        slots.add(firstStart.toLocalTime());
        if (rotateWith == null || rotateWith.isEmpty()) {
            return slots;
        }
        if (!Set.of("monthly", "bimonthly", "quarterly").contains(kind)) {
            throw ProblemException.invalid("rotateWith", "only a monthly, bimonthly or quarterly series rotates between start times");
        }
        for (String text : rotateWith) {
            java.time.LocalTime time;
            try {
                time = java.time.LocalTime.parse(text == null ? "" : text.strip());
            } catch (DateTimeException e) {
                throw ProblemException.invalid("rotateWith", "a start time is written as 19:00");
            }
            time = time.withSecond(0).withNano(0);
            if (slots.contains(time)) {
                throw ProblemException.invalid("rotateWith", "each start time of the rotation must differ");
            }
            slots.add(time);
        }
        return slots;
    }

    /** The rule of one start time of a rotation: every {@code slots}-th occurrence of the preset. */
    static String everyNth(String rule, int slots) {
        StringBuilder out = new StringBuilder();
        boolean interval = false;
        for (String part : rule.split(";")) {
            if (part.startsWith("INTERVAL=")) {
                part = "INTERVAL=" + Integer.parseInt(part.substring(9)) * slots;
                interval = true;
            }
            out.append(out.isEmpty() ? "" : ";").append(part);
        }
        return interval ? out.toString() : out + ";INTERVAL=" + slots;
    }

    /** A local time in the zone; a time that falls in a spring-forward gap moves forward. */
    static ZonedDateTime at(LocalDateTime local, ZoneId zone) {
        return ZonedDateTime.of(local, zone);
    }
}
