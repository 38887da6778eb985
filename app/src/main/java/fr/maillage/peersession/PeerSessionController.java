package fr.maillage.peersession;

import fr.maillage.core.security.Caller;
import fr.maillage.peersession.SessionCommands.CatchUpCommand;
import fr.maillage.peersession.SessionCommands.CreateSeriesCommand;
import fr.maillage.peersession.SessionCommands.FollowCommand;
import fr.maillage.peersession.SessionCommands.MoveOccurrenceCommand;
import fr.maillage.peersession.SessionCommands.RsvpCommand;
import fr.maillage.peersession.SessionCommands.UpdateSeriesCommand;
import fr.maillage.peersession.SessionViews.Agenda;
import fr.maillage.peersession.SessionViews.CatchUpView;
import fr.maillage.peersession.SessionViews.FeedView;
import fr.maillage.peersession.SessionViews.OccurrenceDetail;
import fr.maillage.peersession.SessionViews.OccurrenceView;
import fr.maillage.peersession.SessionViews.RsvpView;
import fr.maillage.peersession.SessionViews.SeriesView;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import java.util.UUID;

/**
 * Peer sessions over HTTP (docs/api.md). The calendar feeds under {@code /calendar/} need no
 * sign-in: the private token in their URL is the credential.
 */
@Controller("/api/peer-sessions")
@Tag(name = "peer sessions")
public class PeerSessionController {
    private static final MediaType CALENDAR = MediaType.of("text/calendar;charset=utf-8");
    private final PeerSessionService sessions;
    private final CalendarFeeds feeds;

    PeerSessionController(PeerSessionService sessions, CalendarFeeds feeds) {
        this.sessions = sessions;
        this.feeds = feeds;
    }

    @Get("{?theme,format,territory,when,zone}")
    public Agenda agenda(HttpRequest<?> request, @Nullable @QueryValue String theme, @Nullable @QueryValue String format,
                         @Nullable @QueryValue String territory, @Nullable @QueryValue String when, @Nullable @QueryValue String zone) {
        return sessions.agenda(Caller.required(request), theme, format, territory, "past".equals(when), zone);
    }

    @Post("/series")
    @Status(HttpStatus.CREATED)
    public SeriesView create(HttpRequest<?> request, @Valid @Body CreateSeriesCommand command) {
        return sessions.createSeries(Caller.required(request), command);
    }

    @Get("/series/{id}{?zone}")
    public SeriesView series(HttpRequest<?> request, UUID id, @Nullable @QueryValue String zone) {
        return sessions.seriesView(Caller.required(request), id, zone);
    }

    @Patch("/series/{id}")
    public SeriesView update(HttpRequest<?> request, UUID id, @Valid @Body UpdateSeriesCommand command) {
        return sessions.updateSeries(Caller.required(request), id, command);
    }

    @Put("/series/{id}/follow")
    @Status(HttpStatus.NO_CONTENT)
    public void follow(HttpRequest<?> request, UUID id, @Valid @Body FollowCommand command) {
        sessions.follow(Caller.required(request), id, command.following());
    }

    @Get("/occurrences/{id}{?zone}")
    public OccurrenceDetail occurrence(HttpRequest<?> request, UUID id, @Nullable @QueryValue String zone) {
        return sessions.occurrenceDetail(Caller.required(request), id, zone);
    }

    @Post("/occurrences/{id}/cancel")
    public OccurrenceView cancel(HttpRequest<?> request, UUID id) {
        return sessions.cancel(Caller.required(request), id);
    }

    @Post("/occurrences/{id}/move")
    public OccurrenceView move(HttpRequest<?> request, UUID id, @Valid @Body MoveOccurrenceCommand command) {
        return sessions.move(Caller.required(request), id, command);
    }

    @Put("/occurrences/{id}/rsvp")
    public RsvpView rsvp(HttpRequest<?> request, UUID id, @Valid @Body RsvpCommand command) {
        return sessions.rsvp(Caller.required(request), id, command.answer());
    }

    @Post("/occurrences/{id}/check-in")
    @Status(HttpStatus.NO_CONTENT)
    public void checkIn(HttpRequest<?> request, UUID id) {
        sessions.checkIn(Caller.required(request), id);
    }

    @Post("/occurrences/{id}/catch-up")
    @Status(HttpStatus.CREATED)
    public CatchUpView catchUp(HttpRequest<?> request, UUID id, @Valid @Body CatchUpCommand command) {
        return sessions.publishCatchUp(Caller.required(request), id, command);
    }

    @Get("/occurrences/{id}/ics")
    public HttpResponse<String> occurrenceFile(HttpRequest<?> request, UUID id) {
        return HttpResponse.ok(feeds.occurrenceFile(Caller.required(request), id)).contentType(CALENDAR)
                .header("Content-Disposition", "attachment; filename=\"session-" + id + ".ics\"");
    }

    @Get("/feed")
    public FeedView feed(HttpRequest<?> request) {
        return feeds.feed(Caller.required(request));
    }

    @Post("/feed")
    public FeedView renewFeed(HttpRequest<?> request) {
        return feeds.renewFeed(Caller.required(request));
    }

    @Delete("/feed")
    @Status(HttpStatus.NO_CONTENT)
    public void revokeFeed(HttpRequest<?> request) {
        feeds.revokeFeed(Caller.required(request));
    }

    @Get("/calendar/{file}")
    public HttpResponse<String> personalFeed(String file) {
        return HttpResponse.ok(feeds.personalFeed(stripIcs(file))).contentType(CALENDAR);
    }

    @Get("/calendar/{token}/themes/{file}")
    public HttpResponse<String> themeFeed(String token, String file) {
        return HttpResponse.ok(feeds.themeFeed(token, stripIcs(file))).contentType(CALENDAR);
    }

    private static String stripIcs(String file) {
        return file.endsWith(".ics") ? file.substring(0, file.length() - 4) : file;
    }
}
