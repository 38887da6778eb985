package fr.maillage.peersession;

import fr.maillage.core.security.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Search everywhere, sessions: {@code GET /api/search/sessions?q=} (docs/api.md). */
@Controller("/api/search/sessions")
@Tag(name = "peer sessions")
public class SessionSearchController {
    private final SessionSearch search;

    SessionSearchController(SessionSearch search) {
        this.search = search;
    }

    /** Series matching the French query, in the themes the reader may read; 400 when q is empty. */
    @Get("{?q}")
    public SessionSearch.SessionHits search(HttpRequest<?> request, @Nullable @QueryValue String q) {
        return search.search(Caller.required(request), q);
    }
}
