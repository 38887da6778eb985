package fr.maillage.resource;

import fr.maillage.core.security.Caller;
import fr.maillage.resource.ResourceViews.AdaptationCommand;
import fr.maillage.resource.ResourceViews.AdaptationView;
import fr.maillage.resource.ResourceViews.FeatureCommand;
import fr.maillage.resource.ResourceViews.LibraryPage;
import fr.maillage.resource.ResourceViews.Overview;
import fr.maillage.resource.ResourceViews.PathCommand;
import fr.maillage.resource.ResourceViews.PathView;
import fr.maillage.resource.ResourceViews.Report;
import fr.maillage.resource.ResourceViews.ResourceCommand;
import fr.maillage.resource.ResourceViews.ResourceSummary;
import fr.maillage.resource.ResourceViews.ResourceView;
import fr.maillage.resource.ResourceViews.ReturnCommand;
import fr.maillage.resource.ResourceViews.UsefulCommand;
import fr.maillage.resource.ResourceViews.UsefulView;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import java.util.List;
import java.util.UUID;

/** The capitalised resources: library, premier survol, paths, review, utile marks, adaptations. */
@Controller("/api/resources")
@Tag(name = "resources")
public class ResourceController {
    private final ResourceService resources;

    ResourceController(ResourceService resources) {
        this.resources = resources;
    }

    @Get
    public LibraryPage library(HttpRequest<?> request, @Nullable @QueryValue String door, @Nullable @QueryValue String lever,
                               @Nullable @QueryValue String format, @Nullable @QueryValue String maturity,
                               @Nullable @QueryValue Integer maxMinutes, @Nullable @QueryValue String territory,
                               @Nullable @QueryValue String competence, @Nullable @QueryValue String q,
                               @Nullable @QueryValue Integer offset) {
        return resources.library(Caller.required(request), new ResourceService.Filters(door, lever, format, maturity, maxMinutes,
                territory, competence, q, offset == null ? 0 : offset));
    }

    @Post
    @Status(HttpStatus.CREATED)
    public ResourceView propose(HttpRequest<?> request, @Valid @Body ResourceCommand command) {
        return resources.propose(Caller.required(request), command);
    }

    @Get("/overview")
    public Overview overview(HttpRequest<?> request) {
        return resources.overview(Caller.required(request));
    }

    @Get("/mine")
    public List<ResourceSummary> mine(HttpRequest<?> request) {
        return resources.mine(Caller.required(request));
    }

    @Get("/review")
    public List<ResourceSummary> reviewQueue(HttpRequest<?> request) {
        return resources.reviewQueue(Caller.required(request));
    }

    @Get("/report")
    public Report report(HttpRequest<?> request) {
        return resources.report(Caller.required(request));
    }

    @Get("/paths/{lever}")
    public PathView path(HttpRequest<?> request, String lever) {
        return resources.path(Caller.required(request), lever);
    }

    @Put("/paths/{lever}")
    public PathView setPath(HttpRequest<?> request, String lever, @Valid @Body PathCommand command) {
        return resources.setPath(Caller.required(request), lever, command.resourceIds());
    }

    @Get("/{id}")
    public ResourceView read(HttpRequest<?> request, UUID id) {
        return resources.read(Caller.required(request), id);
    }

    @Put("/{id}")
    public ResourceView edit(HttpRequest<?> request, UUID id, @Valid @Body ResourceCommand command) {
        return resources.edit(Caller.required(request), id, command);
    }

    @Post("/{id}/submit")
    public ResourceView submit(HttpRequest<?> request, UUID id) {
        return resources.submit(Caller.required(request), id);
    }

    @Post("/{id}/publish")
    public ResourceView publish(HttpRequest<?> request, UUID id) {
        return resources.publish(Caller.required(request), id);
    }

    @Post("/{id}/return")
    public ResourceView sendBack(HttpRequest<?> request, UUID id, @Valid @Body ReturnCommand command) {
        return resources.sendBack(Caller.required(request), id, command.comment());
    }

    @Put("/{id}/featured")
    public ResourceView feature(HttpRequest<?> request, UUID id, @Body FeatureCommand command) {
        return resources.feature(Caller.required(request), id, command.featured());
    }

    @Put("/{id}/useful")
    public UsefulView useful(HttpRequest<?> request, UUID id, @Body UsefulCommand command) {
        return resources.useful(Caller.required(request), id, command.useful());
    }

    @Post("/{id}/adaptations")
    @Status(HttpStatus.CREATED)
    public AdaptationView adapt(HttpRequest<?> request, UUID id, @Valid @Body AdaptationCommand command) {
        return resources.adapt(Caller.required(request), id, command);
    }
}
