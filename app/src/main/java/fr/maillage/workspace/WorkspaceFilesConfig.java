package fr.maillage.workspace;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;

import java.util.List;

/**
 * maillage.workspace.*: the limits of workspace files and links (README, docs/workspaces.md).
 * maxFileBytes also sets micronaut.server.max-request-size (application.yml): an upload is the
 * one request body streamed to disk instead of read into memory.
 */
@ConfigurationProperties("maillage.workspace")
public record WorkspaceFilesConfig(
        // it is also every route's request limit (application.yml): never below a JSON body's 64 KiB
        @Min(64 * 1024) long maxFileBytes,
        @Min(1) int maxFilesPerWorkspace,
        @Min(1) int maxLinksPerWorkspace,
        @NotEmpty List<String> allowedFileTypes) {

    public WorkspaceFilesConfig {
        List<String> unknown = allowedFileTypes.stream().filter(t -> !FileTypes.known().contains(t)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("maillage.workspace.allowed-file-types: unknown " + unknown
                    + "; known: " + FileTypes.known());
        }
        allowedFileTypes = List.copyOf(allowedFileTypes);
    }
}
