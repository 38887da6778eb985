package fr.maillage.workspace;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * maillage.workspace.comments.*: the limits of comments on documents (README,
 * docs/workspaces.md "Comments"). The ceilings match the frame's own bounds (CommentFrames).
 */
@ConfigurationProperties("maillage.workspace.comments")
public record CommentConfig(
        @Min(1) @Max(CommentFrames.BODY_CEILING) int maxBodyChars,
        @Min(1) @Max(CommentFrames.QUOTE_CEILING) int maxQuoteChars,
        @Min(8) @Max(CommentFrames.ANCHOR_CEILING) int maxAnchorBytes,
        @Min(1) int maxPerDocument) {
}
