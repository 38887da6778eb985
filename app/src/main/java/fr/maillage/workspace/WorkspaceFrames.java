package fr.maillage.workspace;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.UUID;

/** Workspace commands, on the socket and over HTTP (docs/protocol.md, docs/api.md). */
public final class WorkspaceFrames {
    static final int KEY_MAX = 64;
    static final int MAX_PARTS = 256;
    // base64 of the largest update the configuration could allow; the real limit is checked on bytes
    static final int ENCODED_MAX = 1_400_000;

    private WorkspaceFrames() {
    }

    @Serdeable
    public record CreateWorkspaceCommand(
            @NotBlank @Size(max = 120) String name,
            @NotBlank @Size(max = 2000) String purpose,
            @Nullable @Size(max = 100) String theme) {
    }

    @Serdeable
    public record CreateDocumentCommand(@NotBlank @Size(max = 200) String title) {
    }

    /** One Yjs update (v1 encoding, base64) for a document. */
    @Serdeable
    public record UpdateCommand(
            @NotBlank @Size(max = KEY_MAX) String idempotencyKey,
            @NotNull UUID documentId,
            @NotBlank @Size(max = ENCODED_MAX) String update) {
    }

    /** Ephemeral: a y-protocols awareness update (carets, names), relayed and never stored. */
    @Serdeable
    public record AwarenessCommand(
            @NotNull UUID documentId,
            @NotBlank @Size(max = ENCODED_MAX) String state) {
    }

    /** A payload sent in several HTTP bodies: this body is part {@code part} of {@code parts} of upload {@code uploadId}. */
    public interface Parts {
        @Nullable
        String uploadId();

        @Nullable
        Integer part();

        @Nullable
        Integer parts();

        default boolean inParts() {
            return parts() != null && parts() > 1;
        }
    }

    /** A compacted state (Y.encodeStateAsUpdate, base64) holding every update up to uptoSeq. */
    @Serdeable
    public record SnapshotCommand(
            @Min(1) long uptoSeq,
            @NotBlank @Size(max = ENCODED_MAX) String state,
            @Nullable @Size(min = 8, max = KEY_MAX) String uploadId,
            @Nullable @Min(1) @Max(MAX_PARTS) Integer part,
            @Nullable @Min(1) @Max(MAX_PARTS) Integer parts) implements Parts {
    }

    /** One Yjs update too large for a socket frame, over HTTP; {@code update} is a slice of it when sent in parts. */
    @Serdeable
    public record LargeUpdateCommand(
            @NotBlank @Size(max = KEY_MAX) String idempotencyKey,
            @NotBlank @Size(max = ENCODED_MAX) String update,
            @Nullable @Size(min = 8, max = KEY_MAX) String uploadId,
            @Nullable @Min(1) @Max(MAX_PARTS) Integer part,
            @Nullable @Min(1) @Max(MAX_PARTS) Integer parts) implements Parts {
    }

    /** Names the document as it stands on the server now; a repeated key answers the same version. */
    @Serdeable
    public record CreateVersionCommand(
            @NotBlank @Size(max = 120) String name,
            @Nullable @Size(min = 8, max = KEY_MAX) String idempotencyKey) {
    }
}
