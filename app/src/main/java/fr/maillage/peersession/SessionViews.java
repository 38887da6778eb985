package fr.maillage.peersession;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the peer-session endpoints and events send: instants in UTC plus local renderings. */
public final class SessionViews {
    private SessionViews() {
    }

    @Serdeable
    public record Person(UUID id, String displayName) {
    }

    /**
     * One occurrence for one reader. {@code organiserStart}/{@code readerStart} are local
     * date-times (ISO, no offset) in {@code organiserZone}/{@code readerZone}. The DST flags
     * compare with the previous scheduled occurrence of the series: {@code organiserDstShift}
     * when the organiser zone's offset changed (the UTC time moves), {@code readerDstShift} when
     * the reader's local time moved because one of the two zones changed its offset.
     */
    @Serdeable
    public record OccurrenceView(UUID id, UUID seriesId, String title, String theme, String format,
                                 @Nullable String place, @Nullable String territory, String status,
                                 Instant startsAt, Instant endsAt, Instant originalStart, boolean moved, int sequence,
                                 String organiserZone, String organiserStart, String organiserOffset,
                                 String readerZone, String readerStart, String readerOffset,
                                 boolean organiserDstShift, boolean readerDstShift,
                                 @Nullable Integer capacity, int attending, int waiting,
                                 @Nullable String myAnswer, @Nullable String mySeat,
                                 @Nullable UUID catchUpThreadId, List<HolidayBadge> holidays) {
    }

    /** A public holiday in the reader's territory on the occurrence's local date there. */
    @Serdeable
    public record HolidayBadge(String territory, String date, String nameFr, String nameEn) {
    }

    @Serdeable
    public record SeriesView(UUID id, String theme, String title, String description, String format,
                             @Nullable String place, @Nullable String territory, @Nullable Integer capacity,
                             int rsvpDeadlineMinutes, int durationMinutes, String timeZone, String firstStart,
                             String recurrence, @Nullable String rrule, String dialIn, List<Person> facilitators,
                             boolean following, String stream, long seq, List<OccurrenceView> occurrences,
                             List<String> rotation) {
    }

    @Serdeable
    public record Attendee(UUID id, String displayName, String answer, @Nullable String seat, boolean checkedIn) {
    }

    /** One occurrence with its people and, for participants near the start, the room link. */
    @Serdeable
    public record OccurrenceDetail(OccurrenceView occurrence, String description, String dialIn,
                                   List<Person> facilitators, List<Attendee> attendees, List<Attendee> waitingList,
                                   boolean canManage, Instant roomOpensAt, @Nullable String roomUrl,
                                   String stream, long seq, List<String> rotation) {
    }

    @Serdeable
    public record Agenda(String readerZone, List<OccurrenceView> occurrences) {
    }

    @Serdeable
    public record RsvpView(UUID occurrenceId, String answer, @Nullable String seat, int attending, int waiting) {
    }

    @Serdeable
    public record FeedView(boolean active, @Nullable String url) {
    }

    @Serdeable
    public record CatchUpView(UUID occurrenceId, UUID threadId, List<Person> present, List<Person> missed) {
    }
}
