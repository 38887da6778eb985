package fr.maillage.peersession;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;

/** Inputs of the peer-session endpoints. Local date-times are in the series' time zone. */
public final class SessionCommands {
    private SessionCommands() {
    }

    @Serdeable
    public record CreateSeriesCommand(
            @NotBlank @Size(max = 100) String theme,
            @NotBlank @Size(min = 3, max = 200) String title,
            @Nullable @Size(max = 10_000) String description,
            @Nullable @Size(max = 20) List<UUID> facilitators,
            @NotNull @Pattern(regexp = "online|in_person|hybrid", message = "must be online, in_person or hybrid") String format,
            @Nullable @Size(max = 300) String place,
            @Nullable @Size(max = 20) String territory,
            @Nullable @Min(1) @Max(10_000) Integer capacity,
            @Nullable @Min(0) @Max(43_200) Integer rsvpDeadlineMinutes,
            @NotNull @Min(5) @Max(1440) Integer durationMinutes,
            @Nullable @Size(max = 64) String timeZone,
            @NotNull LocalDateTime firstStart,
            @NotNull @Pattern(regexp = "once|monthly|bimonthly|quarterly|custom",
                    message = "must be once, monthly, bimonthly, quarterly or custom") String recurrence,
            @Nullable @Size(max = 300) String rrule,
            @Nullable LocalDate until,
            @Nullable @Size(max = 2000) String dialIn,
            // a repeated key (a double submit, a retry after a lost answer) answers the same series
            @Nullable @Size(min = 8, max = 64) String idempotencyKey,
            // occurrences on a public holiday of the audience: kept (default), skipped or moved to the next working day
            @Nullable @Pattern(regexp = "keep|skip|move", message = "must be keep, skip or move") String onHolidays,
            // one or two more start times (local, "19:00") the occurrences take in turn with the first start's
            @Nullable @Size(max = 2) List<String> rotateWith) {
    }

    @Serdeable
    public record UpdateSeriesCommand(
            @Nullable @Size(min = 3, max = 200) String title,
            @Nullable @Size(max = 10_000) String description,
            @Nullable @Min(1) @Max(10_000) Integer capacity,
            @Nullable @Size(max = 300) String place,
            @Nullable @Size(max = 2000) String dialIn) {
    }

    /** Moves one occurrence: a new local start in the series' zone, optionally a new duration. */
    @Serdeable
    public record MoveOccurrenceCommand(@NotNull LocalDateTime start, @Nullable @Min(5) @Max(1440) Integer durationMinutes,
                                        @Nullable LocalDateTime end) {
    }

    @Serdeable
    public record RsvpCommand(@NotNull @Pattern(regexp = "yes|maybe|no", message = "must be yes, maybe or no") String answer) {
    }

    @Serdeable
    public record FollowCommand(boolean following) {
    }

    @Serdeable
    public record CatchUpCommand(
            @Nullable @Size(max = 20_000) String notes,
            @Nullable @Size(max = 10_000) String decisions,
            @Nullable @Size(max = 20) List<@Size(max = 500) String> links,
            @Nullable @Size(max = 1000) List<UUID> present) {
    }
}
