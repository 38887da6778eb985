package fr.maillage.discussion;

import fr.maillage.core.security.Caller;
import fr.maillage.discussion.DiscussionViews.RevisionView;
import fr.maillage.discussion.DiscussionViews.ThemePage;
import fr.maillage.discussion.DiscussionViews.ThemeSummary;
import fr.maillage.discussion.DiscussionViews.ThreadPage;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
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

    DiscussionController(DiscussionService discussions, DiscussionSearch search) {
        this.discussions = discussions;
        this.search = search;
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
