package fr.maillage.directory;

import fr.maillage.core.security.Caller;
import fr.maillage.directory.DirectoryViews.DirectoryPage;
import fr.maillage.directory.DirectoryViews.DirectoryQuery;
import fr.maillage.directory.DirectoryViews.PioneerCommand;
import fr.maillage.directory.DirectoryViews.ProfileView;
import fr.maillage.directory.DirectoryViews.TerritoryCount;
import fr.maillage.directory.DirectoryViews.UpdateDirectoryProfileCommand;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import java.util.List;
import java.util.UUID;

/** The directory, profiles beyond identity's basics, photos and the map's counts. */
@Controller("/api/directory")
@Tag(name = "directory")
public class DirectoryController {
    private final DirectoryService directory;

    DirectoryController(DirectoryService directory) {
        this.directory = directory;
    }

    @Get("/people{?q,competence,mode,metier,territory,overseas,pioneer,openToHelp,page}")
    public DirectoryPage search(HttpRequest<?> request, @Nullable @QueryValue String q, @Nullable @QueryValue String competence,
                                @Nullable @QueryValue String mode, @Nullable @QueryValue String metier,
                                @Nullable @QueryValue String territory, @Nullable @QueryValue Boolean overseas,
                                @Nullable @QueryValue Boolean pioneer, @Nullable @QueryValue Boolean openToHelp,
                                @Nullable @QueryValue Integer page) {
        return directory.search(Caller.required(request), new DirectoryQuery(q, competence, mode, metier, territory, overseas,
                pioneer, openToHelp, page == null ? 1 : page));
    }

    @Get("/map")
    public List<TerritoryCount> map(HttpRequest<?> request) {
        return directory.map(Caller.required(request));
    }

    @Get("/people/{id}")
    public ProfileView profile(HttpRequest<?> request, UUID id) {
        return directory.profile(Caller.required(request), id);
    }

    @Get("/me")
    public ProfileView me(HttpRequest<?> request) {
        Caller caller = Caller.required(request);
        return directory.profile(caller, caller.userId());
    }

    @Put("/me")
    public ProfileView update(HttpRequest<?> request, @Valid @Body UpdateDirectoryProfileCommand command) {
        return directory.update(Caller.required(request), command);
    }

    /** The raw image as the body (image/png, image/jpeg, image/gif, image/bmp); stored re-encoded. */
    @Put(value = "/me/photo", consumes = {MediaType.IMAGE_PNG, MediaType.IMAGE_JPEG, MediaType.IMAGE_GIF, "image/bmp"})
    @Status(HttpStatus.NO_CONTENT)
    public void setPhoto(HttpRequest<?> request, @Body byte[] image) {
        directory.setPhoto(Caller.required(request), image);
    }

    @Delete("/me/photo")
    @Status(HttpStatus.NO_CONTENT)
    public void removePhoto(HttpRequest<?> request) {
        directory.removePhoto(Caller.required(request));
    }

    @Get(value = "/people/{id}/photo", produces = MediaType.IMAGE_JPEG)
    public HttpResponse<byte[]> photo(HttpRequest<?> request, UUID id) {
        return HttpResponse.ok(directory.photo(Caller.required(request), id))
                .header("Cache-Control", "private, max-age=60")
                .header("X-Content-Type-Options", "nosniff");
    }

    @Put("/people/{id}/pioneer")
    public ProfileView confirmPioneer(HttpRequest<?> request, UUID id, @Body PioneerCommand command) {
        return directory.confirmPioneer(Caller.required(request), id, command.confirmed());
    }
}
