package fr.maillage.discussion;

import fr.maillage.core.security.Caller;
import fr.maillage.discussion.DiscussionViews.RevisionView;
import fr.maillage.discussion.DiscussionViews.ThemePage;
import fr.maillage.discussion.DiscussionViews.ThemeSummary;
import fr.maillage.discussion.DiscussionViews.ThreadPage;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.Status;
import io.micronaut.http.HttpStatus;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

/** Reading discussions over HTTP; writing goes through the socket (docs/protocol.md). */
@Controller("/api")
@Tag(name = "discussion")
public class DiscussionController {
    private final DiscussionService discussions;
    private final DiscussionSearch search;
    private final ThemeAdministration themes;

    DiscussionController(DiscussionService discussions, DiscussionSearch search, ThemeAdministration themes) {
        this.discussions = discussions;
        this.search = search;
        this.themes = themes;
    }

    @Serdeable
    public record FollowCommand(@NotNull String level) {
    }

    @Post("/threads/{id}/read")
    @Status(HttpStatus.NO_CONTENT)
    public void read(HttpRequest<?> request, UUID id) {
        discussions.markRead(Caller.required(request), id);
    }

    @Put("/threads/{id}/follow")
    public DiscussionViews.FollowLevel followThread(HttpRequest<?> request, UUID id, @Valid @Body FollowCommand command) {
        return new DiscussionViews.FollowLevel(discussions.followThread(Caller.required(request), id, command.level()));
    }

    @Put("/themes/{slug}/follow")
    public DiscussionViews.FollowLevel followTheme(HttpRequest<?> request, String slug, @Valid @Body FollowCommand command) {
        return new DiscussionViews.FollowLevel(discussions.followTheme(Caller.required(request), slug, command.level()));
    }

    @Get("/themes/{slug}/guests")
    public List<DiscussionViews.Person> guests(HttpRequest<?> request, String slug) {
        return themes.guests(Caller.required(request), slug);
    }

    @Put("/themes/{slug}/guests/{userId}")
    @Status(HttpStatus.NO_CONTENT)
    public void addGuest(HttpRequest<?> request, String slug, UUID userId) {
        themes.addGuest(Caller.required(request), slug, userId);
    }

    @Delete("/themes/{slug}/guests/{userId}")
    @Status(HttpStatus.NO_CONTENT)
    public void removeGuest(HttpRequest<?> request, String slug, UUID userId) {
        themes.removeGuest(Caller.required(request), slug, userId);
    }

    @Post("/themes")
    @Status(HttpStatus.CREATED)
    public ThemeSummary createTheme(HttpRequest<?> request, @Valid @Body ThemeAdministration.CreateThemeCommand command) {
        return themes.create(Caller.required(request), command);
    }

    @Patch("/themes/{slug}")
    public ThemeSummary updateTheme(HttpRequest<?> request, String slug, @Valid @Body ThemeAdministration.UpdateThemeCommand command) {
        return themes.update(Caller.required(request), slug, command);
    }

    /** French search: accents, case, plurals and stemming; only what the reader may see. */
    @Get("/search{?q,theme,author,from,to,solved}")
    public DiscussionSearch.SearchPage search(HttpRequest<?> request, @Nullable @QueryValue String q, @Nullable @QueryValue String theme,
                                              @Nullable @QueryValue UUID author, @Nullable @QueryValue Instant from,
                                              @Nullable @QueryValue Instant to, @Nullable @QueryValue Boolean solved) {
        return search.search(Caller.required(request), q, theme, author, from, to, solved);
    }

    @Get("/themes")
    public List<ThemeSummary> themes(HttpRequest<?> request) {
        return discussions.themes(Caller.required(request));
    }

    @Get("/themes/{slug}/threads")
    public ThemePage threads(HttpRequest<?> request, String slug) {
        return discussions.themePage(Caller.required(request), slug);
    }

    @Get("/threads/{id}")
    public ThreadPage thread(HttpRequest<?> request, UUID id) {
        return discussions.threadPage(Caller.required(request), id);
    }

    @Get("/posts/{id}/history")
    public List<RevisionView> history(HttpRequest<?> request, UUID id) {
        return discussions.history(Caller.required(request), id);
    }
}
