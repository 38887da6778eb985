package fr.maillage.notification;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * One person's e-mail choices: a digest ({@code daily}, {@code weekly} on {@code digestWeekday},
 * or {@code none}) at {@code digestHour} in their own zone, urgent notices at once or not, and
 * quiet hours [{@code quietFrom}, {@code quietTo}) in their zone when nothing immediate leaves.
 */
@Serdeable
public record EmailPreferences(
        @NotNull @Pattern(regexp = "daily|weekly|none", message = "must be daily, weekly or none") String digest,
        @Min(0) @Max(23) int digestHour,
        @Min(1) @Max(7) int digestWeekday,
        boolean urgentImmediately,
        @Nullable @Min(0) @Max(23) Integer quietFrom,
        @Nullable @Min(0) @Max(23) Integer quietTo) {

    public static final EmailPreferences DEFAULTS = new EmailPreferences("daily", 8, 1, true, null, null);

    /** The latest digest instant at or before {@code now} in {@code zone}; null when there is no digest. */
    public Instant lastSlot(Instant now, ZoneId zone) {
        if ("none".equals(digest)) {
            return null;
        }
        ZonedDateTime local = now.atZone(zone);
        LocalDate day = local.toLocalDate();
        for (int back = 0; back < 9; back++) {
            LocalDate candidate = day.minusDays(back);
            ZonedDateTime slot = ZonedDateTime.of(candidate, LocalTime.of(digestHour, 0), zone);
            boolean rightDay = "daily".equals(digest) || candidate.getDayOfWeek() == DayOfWeek.of(digestWeekday);
            if (rightDay && !slot.toInstant().isAfter(now)) {
                return slot.toInstant();
            }
        }
        throw new IllegalStateException("no digest slot in the last 9 days");
    }

    /** Whether {@code now} falls in the quiet hours, in {@code zone}. */
    public boolean quiet(Instant now, ZoneId zone) {
        if (quietFrom == null || quietTo == null || quietFrom.equals(quietTo)) {
            return false;
        }
        int hour = now.atZone(zone).getHour();
        return quietFrom < quietTo ? hour >= quietFrom && hour < quietTo : hour >= quietFrom || hour < quietTo;
    }
}
