package fr.maillage.workspace;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the workspace API answers. */
public final class WorkspaceViews {
    private WorkspaceViews() {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Person(UUID id, String displayName, String role) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record WorkspaceSummary(UUID id, String name, String purpose, @Nullable String theme, String stream,
                                   Instant createdAt) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record DocumentSummary(UUID id, UUID workspaceId, String title, String stream, Instant createdAt,
                                  long updateCount, long loadedBytes) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record WorkspacePage(WorkspaceSummary workspace, long seq, List<Person> members, List<DocumentSummary> documents) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record StoredUpdate(long seq, String update) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Snapshot(long uptoSeq, String state) {
    }

    /**
     * Everything to open a document: the latest snapshot (or none) and the updates after it,
     * up to {@code seq}, the stream sequence to subscribe after.
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record DocumentState(DocumentSummary document, long seq, @Nullable Snapshot snapshot, List<StoredUpdate> updates) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record SnapshotAccepted(long uptoSeq, int bytes, boolean complete) {
    }

    /** A named point of a document's history: its content is the document up to {@code uptoSeq}. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record VersionView(UUID id, UUID documentId, String name, long uptoSeq, UUID createdBy, String createdByName,
                              Instant createdAt) {
    }

    /** A document's versions, newest first, and the stream sequence to follow new ones after. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record VersionList(long seq, List<VersionView> versions) {
    }

    /** {@code complete} once the update is stored (with its {@code seq}); a part of it only: not complete, no seq. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record LargeUpdateAccepted(@Nullable Long seq, boolean complete) {
    }
}
