package fr.maillage.workspace;

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
    public record Person(UUID id, String displayName, String role) {
    }

    @Serdeable
    public record WorkspaceSummary(UUID id, String name, String purpose, @Nullable String theme, String stream,
                                   Instant createdAt) {
    }

    @Serdeable
    public record DocumentSummary(UUID id, UUID workspaceId, String title, String stream, Instant createdAt,
                                  long updateCount, long loadedBytes) {
    }

    @Serdeable
    public record WorkspacePage(WorkspaceSummary workspace, long seq, List<Person> members, List<DocumentSummary> documents) {
    }

    @Serdeable
    public record StoredUpdate(long seq, String update) {
    }

    @Serdeable
    public record Snapshot(long uptoSeq, String state) {
    }

    /**
     * Everything to open a document: the latest snapshot (or none) and the updates after it,
     * up to {@code seq}, the stream sequence to subscribe after.
     */
    @Serdeable
    public record DocumentState(DocumentSummary document, long seq, @Nullable Snapshot snapshot, List<StoredUpdate> updates) {
    }

    @Serdeable
    public record SnapshotAccepted(long uptoSeq, int bytes) {
    }
}
