package fr.maillage.workspace;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the files-and-links API takes and answers (docs/api.md, "Files and links"). */
public final class WorkspaceFileViews {
    static final int URL_MAX = 2000;
    static final int TITLE_MAX = 200;
    static final int NAME_MAX = 200;

    private WorkspaceFileViews() {
    }

    /** A file as members see it; {@code url} downloads it as an attachment. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record FileView(UUID id, UUID workspaceId, String name, String mediaType, long size, String sha256,
                           UUID uploadedBy, String uploadedByName, Instant createdAt, String url) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record LinkView(UUID id, UUID workspaceId, String url, String title, UUID addedBy, String addedByName,
                           Instant createdAt) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record FileLimits(long maxFileBytes, int maxFiles, int maxLinks, List<String> allowedTypes) {
    }

    /** The workspace's files and links, and the stream sequence to follow them after. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record FilesPage(String stream, long seq, List<FileView> files, List<LinkView> links, FileLimits limits) {
    }

    @Serdeable
    public record AddLinkCommand(
            @NotBlank @Size(max = URL_MAX) String url,
            @NotBlank @Size(max = TITLE_MAX) String title,
            @Nullable @Size(min = 8, max = WorkspaceFrames.KEY_MAX) String idempotencyKey) {
    }
}
