package fr.maillage.workspace;

import fr.maillage.core.error.ProblemException;
import fr.maillage.core.error.ProblemResponses;
import fr.maillage.core.security.Caller;
import fr.maillage.core.web.StreamedBody;
import fr.maillage.workspace.WorkspaceFileService.Download;
import fr.maillage.workspace.WorkspaceFileViews.AddLinkCommand;
import fr.maillage.workspace.WorkspaceFileViews.FileView;
import fr.maillage.workspace.WorkspaceFileViews.FilesPage;
import fr.maillage.workspace.WorkspaceFileViews.LinkView;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.micronaut.http.server.types.files.StreamedFile;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * A workspace's files and links (docs/api.md, "Files and links"). An upload is the raw bytes of
 * one file as the request body, its name in {@code ?name=}: this route reads its body as a
 * stream (to disk, never whole in memory), which is why it alone may exceed
 * maillage.http.max-body-bytes ({@link StreamedBody}, BodyLimitFilter, application.yml).
 */
@Controller("/api/workspaces/{id}")
@Tag(name = "workspace")
public class WorkspaceFileController {
    private final WorkspaceFileService files;

    WorkspaceFileController(WorkspaceFileService files) {
        this.files = files;
    }

    @Get("/files")
    public FilesPage list(HttpRequest<?> request, UUID id) {
        return files.page(Caller.required(request), id);
    }

    @Post(value = "/files", consumes = MediaType.ALL)
    @StreamedBody
    public HttpResponse<?> upload(HttpRequest<?> request, UUID id, @Nullable @QueryValue String name,
                                         @Nullable @Header("Idempotency-Key") String idempotencyKey,
                                         @Nullable @Body InputStream body) {
        long length = request.getContentLength();
        try (body) {
            FileView file = files.upload(Caller.required(request), id, name,
                    length >= 0 ? OptionalLong.of(length) : OptionalLong.empty(), body, idempotencyKey);
            return HttpResponse.created(file);
        } catch (ProblemException e) {
            // a refused upload leaves its body unread: close the connection rather than drain
            // (or, once the stream is claimed, stall on) what the client is still sending
            return ProblemResponses.of(e.problem()).header(HttpHeaders.CONNECTION, "close");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The file as an attachment, never rendered by the browser (Content-Disposition, nosniff, a
     * sandboxing CSP), with its checksum as ETag and Repr-Digest (RFC 9530).
     */
    @Get(value = "/files/{fileId}", produces = MediaType.ALL)
    public HttpResponse<StreamedFile> download(HttpRequest<?> request, UUID id, UUID fileId) {
        Download download = files.download(Caller.required(request), id, fileId);
        FileView file = download.file();
        MediaType type = MediaType.of(file.mediaType());
        // lastModified -1: the framework's own If-Modified-Since shortcut never fires (it would
        // leave the opened file unread); Last-Modified is set here instead
        return HttpResponse.ok(new StreamedFile(download.content().content(), type, -1, download.content().size()))
                .contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION, contentDisposition(file.name()))
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "default-src 'none'; sandbox")
                .header(HttpHeaders.CACHE_CONTROL, "private, no-cache")
                .header(HttpHeaders.LAST_MODIFIED, DateTimeFormatter.RFC_1123_DATE_TIME.format(file.createdAt().atOffset(ZoneOffset.UTC)))
                .header(HttpHeaders.ETAG, "\"" + file.sha256() + "\"")
                .header("Repr-Digest", "sha-256=:" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(file.sha256())) + ":");
    }

    @Delete("/files/{fileId}")
    @Status(HttpStatus.NO_CONTENT)
    public void removeFile(HttpRequest<?> request, UUID id, UUID fileId) {
        files.removeFile(Caller.required(request), id, fileId);
    }

    @Post("/links")
    @Status(HttpStatus.CREATED)
    public LinkView addLink(HttpRequest<?> request, UUID id, @Valid @Body AddLinkCommand command) {
        return files.addLink(Caller.required(request), id, command);
    }

    @Delete("/links/{linkId}")
    @Status(HttpStatus.NO_CONTENT)
    public void removeLink(HttpRequest<?> request, UUID id, UUID linkId) {
        files.removeLink(Caller.required(request), id, linkId);
    }

    /**
     * RFC 6266: an ASCII fallback {@code filename} (anything else becomes '_') and the exact
     * name in {@code filename*} (RFC 8187, UTF-8, percent-encoded but for attr-chars).
     */
    static String contentDisposition(String name) {
        StringBuilder ascii = new StringBuilder();
        name.codePoints().forEach(c -> ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '%' ? (char) c : '_'));
        StringBuilder encoded = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$&+-.^_`|~".indexOf(c) >= 0) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(String.format("%02X", c));
            }
        }
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
