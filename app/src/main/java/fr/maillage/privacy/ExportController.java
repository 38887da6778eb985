package fr.maillage.privacy;

import fr.maillage.core.security.Caller;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Status;
import io.micronaut.http.server.types.files.StreamedFile;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** The export of one's own data (docs/privacy.md). */
@Controller("/api/me/exports")
@Tag(name = "privacy")
public class ExportController {
    private static final MediaType ZIP = MediaType.of("application/zip");
    private final ExportService exports;

    ExportController(ExportService exports) {
        this.exports = exports;
    }

    @Get
    public ExportService.ExportStatus status(HttpRequest<?> request) {
        return exports.status(Caller.required(request));
    }

    @Post
    @Status(HttpStatus.ACCEPTED)
    public ExportService.ExportView request(HttpRequest<?> request) {
        return exports.request(Caller.required(request));
    }

    /** Once: the ZIP as an attachment, deleted from the server as soon as it has been sent. */
    @Get(value = "/{id}/download", produces = "application/zip")
    public HttpResponse<StreamedFile> download(HttpRequest<?> request, UUID id) {
        Path file = exports.download(Caller.required(request), id);
        try {
            long size = Files.size(file);
            return HttpResponse.ok(new StreamedFile(exports.open(file), ZIP, -1, size))
                    .contentType(ZIP)
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"maillage-mes-donnees.zip\"")
                    .header("X-Content-Type-Options", "nosniff")
                    .header(HttpHeaders.CACHE_CONTROL, "private, no-store");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
