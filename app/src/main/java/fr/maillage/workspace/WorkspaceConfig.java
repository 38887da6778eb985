package fr.maillage.workspace;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * maillage.workspace.*: the limits of co-edited documents (README, docs/workspaces.md).
 * An update travels in one socket frame (maillage.live.max-frame-bytes, base64 adds a third),
 * and a snapshot in one HTTP body (maillage.http.max-body-bytes), hence the ceilings.
 */
@ConfigurationProperties("maillage.workspace")
public record WorkspaceConfig(
        @Min(64) @Max(1024 * 1024) int maxUpdateBytes,
        @Min(64) @Max(8 * 1024 * 1024) int maxLargeUpdateBytes,
        @Min(1024) long maxDocumentBytes,
        @Min(1) int maxDocumentsPerWorkspace,
        @Min(16) @Max(16 * 1024) int maxAwarenessBytes,
        @Min(1) int maxVersionsPerDocument,
        @Min(1) @Max(100) int maxOpenUploadsPerPerson,
        java.time.Duration uploadPartLifetime,
        java.time.Duration uploadSweepInterval) {
}
