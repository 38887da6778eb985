package fr.maillage.workspace;

import fr.maillage.core.security.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Search everywhere, workspaces and documents: {@code GET /api/search/workspaces?q=} (docs/api.md). */
@Controller("/api/search/workspaces")
@Tag(name = "workspace")
public class WorkspaceSearchController {
    private final WorkspaceSearch search;

    WorkspaceSearchController(WorkspaceSearch search) {
        this.search = search;
    }

    /** Workspaces and documents matching the French query, among the reader's workspaces; 400 when q is empty. */
    @Get("{?q}")
    public WorkspaceSearch.PlaceHits search(HttpRequest<?> request, @Nullable @QueryValue String q) {
        return search.search(Caller.required(request), q);
    }
}
