package fr.maillage.directory;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * maillage.directory.*: the photo limits and the directory's page size. The upload limit stays
 * under maillage.http.max-body-bytes; the web client shrinks a photo before sending it.
 */
@ConfigurationProperties("maillage.directory")
public record DirectoryConfig(
        @Min(1024) int photoMaxBytes,
        @Min(32) @Max(1024) int photoPixels,
        @Min(1) @Max(100) int pageSize) {
}
