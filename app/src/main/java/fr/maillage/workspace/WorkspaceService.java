package fr.maillage.workspace;

import fr.maillage.core.db.Sql;
import fr.maillage.core.error.ProblemException;
import fr.maillage.core.error.ProblemType;
import fr.maillage.core.security.Caller;
import fr.maillage.core.security.PersonNames;
import fr.maillage.core.security.Role;
import fr.maillage.core.socket.Hub;
import fr.maillage.core.socket.SocketCommandHandler.CommandResult;
import fr.maillage.core.stream.Idempotency;
import fr.maillage.core.stream.StreamEvent;
import fr.maillage.core.stream.StreamService;
import fr.maillage.notification.Notice;
import fr.maillage.notification.NotificationService;
import fr.maillage.workspace.WorkspaceFrames.AwarenessCommand;
import fr.maillage.workspace.WorkspaceFrames.CreateDocumentCommand;
import fr.maillage.workspace.WorkspaceFrames.CreateVersionCommand;
import fr.maillage.workspace.WorkspaceFrames.LargeUpdateCommand;
import fr.maillage.workspace.WorkspaceFrames.CreateWorkspaceCommand;
import fr.maillage.workspace.WorkspaceFrames.Parts;
import fr.maillage.workspace.WorkspaceFrames.SnapshotCommand;
import fr.maillage.workspace.WorkspaceFrames.UpdateCommand;
import fr.maillage.workspace.WorkspaceViews.DocumentState;
import fr.maillage.workspace.WorkspaceViews.DocumentSummary;
import fr.maillage.workspace.WorkspaceViews.LargeUpdateAccepted;
import fr.maillage.workspace.WorkspaceViews.Person;
import fr.maillage.workspace.WorkspaceViews.Snapshot;
import fr.maillage.workspace.WorkspaceViews.SnapshotAccepted;
import fr.maillage.workspace.WorkspaceViews.StoredUpdate;
import fr.maillage.workspace.WorkspaceViews.VersionList;
import fr.maillage.workspace.WorkspaceViews.VersionView;
import fr.maillage.workspace.WorkspaceViews.WorkspacePage;
import fr.maillage.workspace.WorkspaceViews.WorkspaceSummary;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.annotation.Transactional;
import io.micronaut.transaction.support.TransactionSynchronization;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Workspaces, their members and their co-edited documents. Each command is one transaction:
 * check access, validate, write, append the stream's event (published after commit). A Yjs
 * update is read to its last byte before anything is written (YjsUpdate), so a malformed one
 * leaves the document as it was.
 */
@Singleton
public class WorkspaceService {
    private static final Logger LOG = LoggerFactory.getLogger(WorkspaceService.class);
    /** A Yjs update, from the socket or over HTTP: one command type for the idempotency key. */
    static final String UPDATE_COMMAND = "workspace.update";
    static final String INVITED_KIND = "workspace.invited";

    private final JdbcOperations jdbc;
    private final Sql sql;
    private final TransactionOperations<Connection> transactions;
    private final StreamService streams;
    private final Idempotency idempotency;
    private final WorkspaceAccess access;
    private final WorkspaceConfig config;
    private final NotificationService notifications;
    private final Hub hub;
    private final PersonNames names;
    private final JsonMapper json;
    private final Clock clock;

    WorkspaceService(JdbcOperations jdbc, Sql sql, TransactionOperations<Connection> transactions, StreamService streams,
                     Idempotency idempotency, WorkspaceAccess access, WorkspaceConfig config,
                     NotificationService notifications, Hub hub, PersonNames names, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.sql = sql;
        this.transactions = transactions;
        this.streams = streams;
        this.idempotency = idempotency;
        this.access = access;
        this.config = config;
        this.notifications = notifications;
        this.hub = hub;
        this.names = names;
        this.json = json;
        this.clock = clock;
    }

    // ---- workspaces and members ----------------------------------------------------------

    /** Members, facilitators and administrators create workspaces; guests are invited to them. */
    @Transactional
    public WorkspaceSummary create(Caller caller, CreateWorkspaceCommand command) {
        caller.requireRole(Role.ADMINISTRATOR, Role.FACILITATOR, Role.MEMBER);
        String theme = command.theme() == null || command.theme().isBlank() ? null : command.theme().strip();
        if (theme != null && !sql.exists("SELECT 1 FROM theme WHERE slug = ?", theme)) {
            throw ProblemException.invalid("theme", "no such theme");
        }
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        sql.update("INSERT INTO workspace (id, name, purpose, theme_slug, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                id, command.name().strip(), command.purpose().strip(), theme, caller.userId(), Timestamp.from(now));
        sql.update("INSERT INTO workspace_member (workspace_id, user_id, invited_by, joined_at) VALUES (?, ?, NULL, ?)",
                id, caller.userId(), Timestamp.from(now));
        streams.ensure(WorkspaceAccess.workspaceStream(id));
        LOG.info("workspace created workspaceId={} by={}", id, caller.userId());
        return summary(id);
    }

    @Transactional(readOnly = true)
    public List<WorkspaceSummary> workspaces(Caller caller) {
        return jdbc.prepareStatement("SELECT w.id, w.name, w.purpose, w.theme_slug, w.created_at FROM workspace w "
                + "JOIN workspace_member m ON m.workspace_id = w.id AND m.user_id = ? ORDER BY lower(w.name), w.id", ps -> {
            ps.setObject(1, caller.userId());
            List<WorkspaceSummary> list = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(summary(rs));
                }
            }
            return list;
        });
    }

    @Transactional(readOnly = true)
    public WorkspacePage page(Caller caller, UUID workspaceId) {
        requireMember(caller, workspaceId);
        long seq = streams.currentSeq(WorkspaceAccess.workspaceStream(workspaceId));
        return new WorkspacePage(summary(workspaceId), seq, members(workspaceId), documents(workspaceId));
    }

    /**
     * Adds someone to the workspace (any account, guests included): any member who is not a
     * guest may invite. Adding a member twice changes nothing.
     */
    @Transactional
    public void addMember(Caller caller, UUID workspaceId, UUID userId) {
        requireMember(caller, workspaceId);
        if (caller.role() == Role.GUEST) {
            throw ProblemException.forbidden("Guests do not invite");
        }
        if (!sql.exists("SELECT 1 FROM app_user WHERE id = ?", userId)) {
            throw ProblemException.invalid("userId", "no such person");
        }
        int added = sql.update("INSERT INTO workspace_member (workspace_id, user_id, invited_by, joined_at) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT DO NOTHING", workspaceId, userId, caller.userId(), Timestamp.from(clock.instant()));
        if (added == 0) {
            return;
        }
        WorkspaceSummary workspace = summary(workspaceId);
        Person person = person(workspaceId, userId);
        streams.append(WorkspaceAccess.workspaceStream(workspaceId), "workspace.member_added", Map.of("member", person));
        notifications.notify(Notice.of(userId, INVITED_KIND, "/workspaces/" + workspaceId,
                Map.of("workspace", workspace.name(), "by", names.displayName(caller.userId()))));
        LOG.info("workspace member added workspaceId={} userId={} by={}", workspaceId, userId, caller.userId());
    }

    /** Removes a member (a non-guest member may; anyone may leave); their sockets lose the streams. */
    @Transactional
    public void removeMember(Caller caller, UUID workspaceId, UUID userId) {
        requireMember(caller, workspaceId);
        if (caller.role() == Role.GUEST && !caller.userId().equals(userId)) {
            throw ProblemException.forbidden("Guests only remove themselves");
        }
        int removed = sql.update("DELETE FROM workspace_member WHERE workspace_id = ? AND user_id = ?", workspaceId, userId);
        if (removed == 0) {
            throw ProblemException.notFound();
        }
        streams.append(WorkspaceAccess.workspaceStream(workspaceId), "workspace.member_removed", Map.of("userId", userId));
        transactions.findTransactionStatus().orElseThrow().registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                hub.accessChanged(userId);
            }
        });
        LOG.info("workspace member removed workspaceId={} userId={} by={}", workspaceId, userId, caller.userId());
    }

    /**
     * A deleted account leaves every workspace (docs/privacy.md). A workspace where nobody else
     * could still invite (no other active member who is not a guest) passes to {@code heir}, an
     * administrator, so its documents keep a keeper. What the person wrote in documents stays
     * (it is part of the shared text), attributed to the tombstone. Runs in the deleting transaction.
     */
    void forget(UUID userId, @io.micronaut.core.annotation.Nullable UUID heir, boolean deleteComments, Instant now) {
        List<UUID> mine = sql.list("SELECT workspace_id FROM workspace_member WHERE user_id = ? ORDER BY workspace_id",
                rs -> rs.getObject(1, UUID.class), userId);
        for (UUID workspaceId : mine) {
            boolean keeperLeft = sql.exists("""
                    SELECT 1 FROM workspace_member m JOIN app_user u ON u.id = m.user_id
                    WHERE m.workspace_id = ? AND m.user_id <> ? AND u.role <> 'guest' AND u.deactivated_at IS NULL""",
                    workspaceId, userId);
            if (!keeperLeft && heir != null) {
                int added = sql.update("INSERT INTO workspace_member (workspace_id, user_id, invited_by, joined_at) VALUES (?, ?, NULL, ?) "
                        + "ON CONFLICT DO NOTHING", workspaceId, heir, Timestamp.from(now));
                sql.update("UPDATE workspace SET created_by = ? WHERE id = ? AND created_by = ?", heir, workspaceId, userId);
                if (added > 0) {
                    streams.append(WorkspaceAccess.workspaceStream(workspaceId), "workspace.member_added",
                            Map.of("member", person(workspaceId, heir)));
                }
                LOG.info("workspace passed to an administrator workspaceId={} from={} to={}", workspaceId, userId, heir);
            }
            sql.update("DELETE FROM workspace_member WHERE workspace_id = ? AND user_id = ?", workspaceId, userId);
            streams.append(WorkspaceAccess.workspaceStream(workspaceId), "workspace.member_removed", Map.of("userId", userId));
        }
        sql.update("DELETE FROM workspace_snapshot_part WHERE created_by = ?", userId);
        if (deleteComments) {
            sql.update("UPDATE workspace_comment SET body = '' WHERE author_id = ?", userId);
        }
    }

    // ---- documents -----------------------------------------------------------------------

    @Transactional
    public DocumentSummary createDocument(Caller caller, UUID workspaceId, CreateDocumentCommand command) {
        requireMember(caller, workspaceId);
        // serialises concurrent creations in one workspace so the count below holds
        sql.exists("SELECT 1 FROM workspace WHERE id = ? FOR UPDATE", workspaceId);
        long count = sql.count("SELECT count(*) FROM workspace_document WHERE workspace_id = ?", workspaceId);
        if (count >= config.maxDocumentsPerWorkspace()) {
            throw ProblemException.conflict("A workspace holds at most " + config.maxDocumentsPerWorkspace() + " documents");
        }
        UUID id = UUID.randomUUID();
        sql.update("INSERT INTO workspace_document (id, workspace_id, title, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
                id, workspaceId, command.title().strip(), caller.userId(), Timestamp.from(clock.instant()));
        streams.ensure(WorkspaceAccess.documentStream(id));
        DocumentSummary document = document(id).orElseThrow();
        streams.append(WorkspaceAccess.workspaceStream(workspaceId), "workspace.document_created", Map.of("document", document));
        LOG.info("document created documentId={} workspaceId={} by={}", id, workspaceId, caller.userId());
        return document;
    }

    /**
     * Appends one Yjs update: read it fully first (well-formed, within the limits), then store
     * it with the sequence of its event on the document's stream. A retried command (same
     * idempotency key) answers the first sequence and stores nothing.
     */
    @Transactional
    public CommandResult applyUpdate(Caller caller, UpdateCommand command) {
        access.documentWorkspace(caller.userId(), command.documentId()).orElseThrow(ProblemException::notFound);
        byte[] bytes = decode(command.update(), "update");
        if (bytes.length > config.maxUpdateBytes()) {
            throw ProblemException.of(ProblemType.PAYLOAD_TOO_LARGE,
                    "An update is limited to " + config.maxUpdateBytes() + " bytes");
        }
        return append(caller, command.documentId(), command.idempotencyKey(), bytes, command.update());
    }

    /**
     * An update too large for one socket frame (a long paste, a long offline session), over
     * HTTP, in parts when it exceeds one body: kept until the last part, then joined and
     * appended exactly like a socket update (same checks, same event). A part repeated after
     * the update was stored answers the stored sequence.
     */
    @Transactional
    public LargeUpdateAccepted applyLargeUpdate(Caller caller, UUID documentId, LargeUpdateCommand command) {
        access.documentWorkspace(caller.userId(), documentId).orElseThrow(ProblemException::notFound);
        // a repeated part cannot be compared with the whole: a completed key answers; a whole update is compared in append
        Optional<String> done = command.inParts()
                ? idempotency.find(caller.userId(), command.idempotencyKey(), UPDATE_COMMAND) : Optional.empty();
        if (done.isPresent()) {
            return new LargeUpdateAccepted(Long.valueOf(readField(done.get(), "seq")), true);
        }
        byte[] bytes = decode(command.update(), "update");
        if (command.inParts()) {
            Optional<byte[]> joined = receivePart(caller, documentId, "update", command, bytes, config.maxLargeUpdateBytes());
            if (joined.isEmpty()) {
                return new LargeUpdateAccepted(null, false);
            }
            bytes = joined.get();
        }
        if (bytes.length > config.maxLargeUpdateBytes()) {
            throw ProblemException.of(ProblemType.PAYLOAD_TOO_LARGE,
                    "An update sent over HTTP is limited to " + config.maxLargeUpdateBytes() + " bytes");
        }
        CommandResult result = append(caller, documentId, command.idempotencyKey(), bytes,
                command.inParts() ? Base64.getEncoder().encodeToString(bytes) : command.update());
        return new LargeUpdateAccepted(result.seq(), true);
    }

    private CommandResult append(Caller caller, UUID documentId, String idempotencyKey, byte[] bytes, String base64) {
        YjsUpdate parsed = parse(bytes, "update");
        if (parsed.isEmpty()) {
            throw ProblemException.invalid("update", "changes nothing");
        }
        Optional<CommandResult> replay = idempotency.replay(caller.userId(), idempotencyKey, UPDATE_COMMAND,
                Map.of("documentId", documentId, "update", Base64.getEncoder().encodeToString(bytes)));
        if (replay.isPresent()) {
            return replay.get();
        }
        // the row lock orders this document's writers; the stream's own lock then gives the seq
        long loaded = jdbc.prepareStatement("SELECT loaded_bytes FROM workspace_document WHERE id = ? FOR UPDATE", ps -> {
            ps.setObject(1, documentId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
        if (loaded + bytes.length > config.maxDocumentBytes()) {
            throw ProblemException.of(ProblemType.PAYLOAD_TOO_LARGE,
                    "A document is limited to " + config.maxDocumentBytes() + " bytes");
        }
        Instant now = clock.instant();
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("documentId", documentId);
        event.put("authorId", caller.userId());
        event.put("update", base64);
        StreamEvent stored = streams.append(WorkspaceAccess.documentStream(documentId), "workspace.document_updated", event);
        sql.update("INSERT INTO workspace_update (document_id, seq, payload, author_id, created_at) VALUES (?, ?, ?, ?, ?)",
                documentId, stored.seq(), bytes, caller.userId(), Timestamp.from(now));
        sql.update("UPDATE workspace_document SET loaded_bytes = loaded_bytes + ?, update_count = update_count + 1 WHERE id = ?",
                (long) bytes.length, documentId);
        return remember(caller, idempotencyKey, stored.seq());
    }

    /** Relays carets and names to the document's readers on every node; nothing is stored. */
    public CommandResult relayAwareness(Caller caller, AwarenessCommand command) {
        access.documentWorkspace(caller.userId(), command.documentId()).orElseThrow(ProblemException::notFound);
        byte[] bytes = decode(command.state(), "state");
        if (bytes.length > config.maxAwarenessBytes()) {
            throw ProblemException.of(ProblemType.PAYLOAD_TOO_LARGE,
                    "An awareness state is limited to " + config.maxAwarenessBytes() + " bytes");
        }
        String stream = WorkspaceAccess.documentStream(command.documentId());
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "workspace.awareness");
        frame.put("stream", stream);
        frame.put("documentId", command.documentId().toString());
        frame.put("userId", caller.userId().toString());
        frame.put("displayName", names.displayName(caller.userId()));
        frame.put("state", command.state());
        hub.publishEphemeral(stream, frame);
        return new CommandResult(null, null);
    }

    /**
     * Everything to open a document, read in one snapshot of the database: the latest
     * compacted state and the updates after it, up to the stream's committed sequence.
     */
    @Transactional(readOnly = true, isolation = TransactionDefinition.Isolation.REPEATABLE_READ)
    public DocumentState state(Caller caller, UUID documentId) {
        access.documentWorkspace(caller.userId(), documentId).orElseThrow(ProblemException::notFound);
        DocumentSummary document = document(documentId).orElseThrow(ProblemException::notFound);
        long seq = streams.currentSeq(WorkspaceAccess.documentStream(documentId));
        return stateUpTo(document, seq);
    }

    /** The latest snapshot at or before {@code seq} and the updates after it up to {@code seq}. */
    private DocumentState stateUpTo(DocumentSummary document, long seq) {
        UUID documentId = document.id();
        Snapshot snapshot = jdbc.prepareStatement("SELECT upto_seq, payload FROM workspace_snapshot WHERE document_id = ? "
                + "AND upto_seq <= ? ORDER BY upto_seq DESC LIMIT 1", ps -> {
            ps.setObject(1, documentId);
            ps.setLong(2, seq);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Snapshot(rs.getLong(1), Base64.getEncoder().encodeToString(rs.getBytes(2))) : null;
            }
        });
        long after = snapshot == null ? 0 : snapshot.uptoSeq();
        List<StoredUpdate> updates = jdbc.prepareStatement("SELECT seq, payload FROM workspace_update "
                + "WHERE document_id = ? AND seq > ? AND seq <= ? ORDER BY seq", ps -> {
            ps.setObject(1, documentId);
            ps.setLong(2, after);
            ps.setLong(3, seq);
            List<StoredUpdate> list = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(new StoredUpdate(rs.getLong(1), Base64.getEncoder().encodeToString(rs.getBytes(2))));
                }
            }
            return list;
        });
        return new DocumentState(document, seq, snapshot, updates);
    }

    // ---- named versions ------------------------------------------------------------------

    /**
     * Names the document as the server holds it now (every committed update): any member or
     * guest of the workspace. The event {@code workspace.version_created} goes on the
     * document's stream, after the point it names.
     */
    @Transactional
    public VersionView createVersion(Caller caller, UUID documentId, CreateVersionCommand command) {
        access.documentWorkspace(caller.userId(), documentId).orElseThrow(ProblemException::notFound);
        String name = command.name().strip();
        if (name.indexOf('\0') >= 0) {
            throw ProblemException.invalid("name", "must not contain NUL");
        }
        Optional<String> stored = idempotency.claim(caller.userId(), command.idempotencyKey(), "workspace.create_version",
                Map.of("documentId", documentId, "command", command));
        if (stored.isPresent()) {
            return version(documentId, UUID.fromString(readField(stored.get(), "versionId"))).orElseThrow();
        }
        // serialises version creation per document so the count holds, and orders it with updates
        sql.exists("SELECT 1 FROM workspace_document WHERE id = ? FOR UPDATE", documentId);
        long count = sql.count("SELECT count(*) FROM workspace_version WHERE document_id = ?", documentId);
        if (count >= config.maxVersionsPerDocument()) {
            throw ProblemException.conflict("A document keeps at most " + config.maxVersionsPerDocument() + " named versions");
        }
        String stream = WorkspaceAccess.documentStream(documentId);
        long uptoSeq = streams.currentSeq(stream);
        UUID id = UUID.randomUUID();
        sql.update("INSERT INTO workspace_version (id, document_id, name, upto_seq, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                id, documentId, name, uptoSeq, caller.userId(), Timestamp.from(clock.instant()));
        VersionView version = version(documentId, id).orElseThrow();
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("documentId", documentId);
        event.put("version", version);
        streams.append(stream, "workspace.version_created", event);
        idempotency.complete(caller.userId(), command.idempotencyKey(), Map.of("versionId", id.toString()));
        LOG.info("version named documentId={} versionId={} uptoSeq={} by={}", documentId, id, uptoSeq, caller.userId());
        return version;
    }

    @Transactional(readOnly = true, isolation = TransactionDefinition.Isolation.REPEATABLE_READ)
    public VersionList versions(Caller caller, UUID documentId) {
        access.documentWorkspace(caller.userId(), documentId).orElseThrow(ProblemException::notFound);
        long seq = streams.currentSeq(WorkspaceAccess.documentStream(documentId));
        return new VersionList(seq, jdbc.prepareStatement(VERSION_SELECT + "WHERE v.document_id = ? "
                + "ORDER BY v.upto_seq DESC, v.created_at DESC, v.id", ps -> {
            ps.setObject(1, documentId);
            return readVersions(ps);
        }));
    }

    /** What opening the document as it was at a version answers (same shape as {@link #state}). */
    @Transactional(readOnly = true, isolation = TransactionDefinition.Isolation.REPEATABLE_READ)
    public DocumentState versionState(Caller caller, UUID documentId, UUID versionId) {
        access.documentWorkspace(caller.userId(), documentId).orElseThrow(ProblemException::notFound);
        VersionView version = version(documentId, versionId).orElseThrow(ProblemException::notFound);
        return stateUpTo(document(documentId).orElseThrow(ProblemException::notFound), version.uptoSeq());
    }

    private static final String VERSION_SELECT = "SELECT v.id, v.document_id, v.name, v.upto_seq, v.created_by, u.display_name, "
            + "v.created_at FROM workspace_version v JOIN app_user u ON u.id = v.created_by ";

    private Optional<VersionView> version(UUID documentId, UUID versionId) {
        return jdbc.prepareStatement(VERSION_SELECT + "WHERE v.document_id = ? AND v.id = ?", ps -> {
            ps.setObject(1, documentId);
            ps.setObject(2, versionId);
            return readVersions(ps).stream().findFirst();
        });
    }

    private static List<VersionView> readVersions(java.sql.PreparedStatement ps) throws java.sql.SQLException {
        List<VersionView> list = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                list.add(new VersionView((UUID) rs.getObject(1), (UUID) rs.getObject(2), rs.getString(3), rs.getLong(4),
                        (UUID) rs.getObject(5), rs.getString(6), rs.getTimestamp(7).toInstant()));
            }
        }
        return list;
    }

    /**
     * Stores a compacted state sent by a writer's client. Accepted only when it is well-formed,
     * gapless, and holds every struct and deletion of every stored update up to uptoSeq (its
     * content is trusted to be the writer's: docs/workspaces.md, "Compaction").
     */
    @Transactional
    public SnapshotAccepted compact(Caller caller, UUID documentId, SnapshotCommand command) {
        access.documentWorkspace(caller.userId(), documentId).orElseThrow(ProblemException::notFound);
        byte[] bytes = decode(command.state(), "state");
        if (command.inParts()) {
            Optional<byte[]> joined = receivePart(caller, documentId, "snapshot", command, bytes, config.maxDocumentBytes());
            if (joined.isEmpty()) {
                return new SnapshotAccepted(command.uptoSeq(), bytes.length, false);
            }
            bytes = joined.get();
        }
        if (bytes.length > config.maxDocumentBytes()) {
            throw ProblemException.of(ProblemType.PAYLOAD_TOO_LARGE,
                    "A document is limited to " + config.maxDocumentBytes() + " bytes");
        }
        YjsUpdate snapshot = parse(bytes, "state");
        sql.exists("SELECT 1 FROM workspace_document WHERE id = ? FOR UPDATE", documentId);
        long committed = streams.currentSeq(WorkspaceAccess.documentStream(documentId));
        if (command.uptoSeq() > committed) {
            throw ProblemException.invalid("uptoSeq", "is beyond the document's last update (" + committed + ")");
        }
        long previous = sql.count("SELECT COALESCE(MAX(upto_seq), 0) FROM workspace_snapshot WHERE document_id = ?", documentId);
        if (command.uptoSeq() <= previous) {
            throw ProblemException.conflict("A snapshot up to " + previous + " already exists");
        }
        // what must be covered: the previous snapshot (it summarises everything before it) and the updates since
        List<byte[]> toCover = new ArrayList<>();
        jdbc.prepareStatement("SELECT payload FROM workspace_snapshot WHERE document_id = ? AND upto_seq = ?", ps -> {
            ps.setObject(1, documentId);
            ps.setLong(2, previous);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    toCover.add(rs.getBytes(1));
                }
            }
            return null;
        });
        jdbc.prepareStatement("SELECT payload FROM workspace_update WHERE document_id = ? AND seq > ? AND seq <= ? ORDER BY seq", ps -> {
            ps.setObject(1, documentId);
            ps.setLong(2, previous);
            ps.setLong(3, command.uptoSeq());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    toCover.add(rs.getBytes(1));
                }
            }
            return null;
        });
        for (byte[] stored : toCover) {
            if (!snapshot.covers(parseStored(stored))) {
                throw ProblemException.invalid("state", "does not hold every update up to " + command.uptoSeq());
            }
        }
        sql.update("INSERT INTO workspace_snapshot (document_id, upto_seq, payload, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
                documentId, command.uptoSeq(), bytes, caller.userId(), Timestamp.from(clock.instant()));
        sql.update("UPDATE workspace_document SET loaded_bytes = ? + (SELECT COALESCE(SUM(length(payload)), 0) FROM workspace_update "
                + "WHERE document_id = ? AND seq > ?) WHERE id = ?", (long) bytes.length, documentId, command.uptoSeq(), documentId);
        LOG.info("document compacted documentId={} uptoSeq={} bytes={} by={}", documentId, command.uptoSeq(), bytes.length, caller.userId());
        return new SnapshotAccepted(command.uptoSeq(), bytes.length, true);
    }

    /**
     * Keeps one part of a snapshot or update sent in several bodies; when every part of the
     * upload is there, answers them joined in order (and forgets them), else empty. An upload id
     * is its starter's: anyone else using it (or the same id for another document) gets 404.
     * One person keeps at most {@code max-open-uploads-per-person} unfinished uploads (409).
     */
    private Optional<byte[]> receivePart(Caller caller, UUID documentId, String kind, Parts command, byte[] piece, long limit) {
        if (command.uploadId() == null || command.part() == null || command.part() > command.parts()) {
            throw ProblemException.invalid("part", "a " + kind + " in parts needs uploadId and a part between 1 and parts");
        }
        // one person's new uploads are counted one at a time, and one upload id is claimed once
        sql.count("SELECT count(*) FROM (SELECT pg_advisory_xact_lock(hashtext('workspace-upload-person:' || ?))) l", caller.userId().toString());
        sql.count("SELECT count(*) FROM (SELECT pg_advisory_xact_lock(hashtext('workspace-upload-id:' || ?))) l", command.uploadId());
        Instant now = clock.instant();
        Timestamp fresh = Timestamp.from(now.minus(config.uploadPartLifetime()));
        long foreign = sql.count("SELECT count(*) FROM workspace_snapshot_part WHERE upload_id = ? AND created_at >= ? "
                + "AND (created_by <> ? OR document_id <> ? OR kind <> ?)", command.uploadId(), fresh, caller.userId(), documentId, kind);
        if (foreign > 0) {
            throw ProblemException.notFound();
        }
        long mine = sql.count("SELECT count(*) FROM workspace_snapshot_part WHERE created_by = ? AND upload_id = ? AND created_at >= ?",
                caller.userId(), command.uploadId(), fresh);
        if (mine == 0) {
            long open = sql.count("SELECT count(DISTINCT upload_id) FROM workspace_snapshot_part WHERE created_by = ? AND created_at >= ?",
                    caller.userId(), fresh);
            if (open >= config.maxOpenUploadsPerPerson()) {
                throw ProblemException.conflict("You already have " + open + " unfinished uploads, the most allowed ("
                        + config.maxOpenUploadsPerPerson() + "); finish one or wait a day for it to be swept");
            }
        }
        sql.update("INSERT INTO workspace_snapshot_part (upload_id, part, document_id, created_by, payload, created_at, kind) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (created_by, upload_id, part) DO NOTHING",
                command.uploadId(), command.part(), documentId, caller.userId(), piece, Timestamp.from(now), kind);
        List<byte[]> parts = new ArrayList<>();
        long total = jdbc.prepareStatement("SELECT payload FROM workspace_snapshot_part WHERE upload_id = ? AND document_id = ? "
                + "AND created_by = ? AND kind = ? ORDER BY part", ps -> {
            ps.setString(1, command.uploadId());
            ps.setObject(2, documentId);
            ps.setObject(3, caller.userId());
            ps.setString(4, kind);
            long sum = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byte[] p = rs.getBytes(1);
                    parts.add(p);
                    sum += p.length;
                }
            }
            return sum;
        });
        if (total > limit) {
            // (rolled back with the refusal: the parts stay, so every later part of this upload is
            // refused too, until the sweep)
            sql.update("DELETE FROM workspace_snapshot_part WHERE created_by = ? AND upload_id = ?", caller.userId(), command.uploadId());
            throw ProblemException.of(ProblemType.PAYLOAD_TOO_LARGE,
                    "A " + kind + " is limited to " + limit + " bytes");
        }
        if (parts.size() < command.parts()) {
            return Optional.empty();
        }
        java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream((int) total);
        parts.forEach(joined::writeBytes);
        sql.update("DELETE FROM workspace_snapshot_part WHERE created_by = ? AND upload_id = ?", caller.userId(), command.uploadId());
        return Optional.of(joined.toByteArray());
    }

    /** Deletes the parts of uploads left unfinished longer than {@code upload-part-lifetime}. */
    @Transactional
    public int sweepUnfinishedParts() {
        return sql.update("DELETE FROM workspace_snapshot_part WHERE created_at < ?",
                Timestamp.from(clock.instant().minus(config.uploadPartLifetime())));
    }

    // ---- reading -------------------------------------------------------------------------

    private void requireMember(Caller caller, UUID workspaceId) {
        if (!access.isMember(caller.userId(), workspaceId)) {
            throw ProblemException.notFound();
        }
    }

    private WorkspaceSummary summary(UUID id) {
        return jdbc.prepareStatement("SELECT id, name, purpose, theme_slug, created_at FROM workspace WHERE id = ?", ps -> {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw ProblemException.notFound();
                }
                return summary(rs);
            }
        });
    }

    /** A summary from a row of (id, name, purpose, theme_slug, created_at). */
    private static WorkspaceSummary summary(ResultSet rs) throws java.sql.SQLException {
        UUID id = (UUID) rs.getObject(1);
        return new WorkspaceSummary(id, rs.getString(2), rs.getString(3), rs.getString(4),
                WorkspaceAccess.workspaceStream(id), rs.getTimestamp(5).toInstant());
    }

    private List<Person> members(UUID workspaceId) {
        return jdbc.prepareStatement("SELECT u.id, u.display_name, u.role FROM workspace_member m JOIN app_user u ON u.id = m.user_id "
                + "WHERE m.workspace_id = ? ORDER BY lower(u.display_name), u.id", ps -> {
            ps.setObject(1, workspaceId);
            List<Person> list = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(new Person((UUID) rs.getObject(1), rs.getString(2), rs.getString(3)));
                }
            }
            return list;
        });
    }

    private Person person(UUID workspaceId, UUID userId) {
        return members(workspaceId).stream().filter(p -> p.id().equals(userId)).findFirst().orElseThrow();
    }

    private List<DocumentSummary> documents(UUID workspaceId) {
        return jdbc.prepareStatement(DOCUMENT_SELECT + " WHERE workspace_id = ? ORDER BY created_at, id", ps -> {
            ps.setObject(1, workspaceId);
            List<DocumentSummary> list = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(document(rs));
                }
            }
            return list;
        });
    }

    private static final String DOCUMENT_SELECT = "SELECT id, workspace_id, title, created_at, update_count, loaded_bytes FROM workspace_document";

    private Optional<DocumentSummary> document(UUID id) {
        return jdbc.prepareStatement(DOCUMENT_SELECT + " WHERE id = ?", ps -> {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(document(rs)) : Optional.empty();
            }
        });
    }

    private static DocumentSummary document(ResultSet rs) throws java.sql.SQLException {
        UUID id = (UUID) rs.getObject(1);
        return new DocumentSummary(id, (UUID) rs.getObject(2), rs.getString(3),
                WorkspaceAccess.documentStream(id), rs.getTimestamp(4).toInstant(), rs.getLong(5), rs.getLong(6));
    }

    // ---- helpers -------------------------------------------------------------------------

    private static byte[] decode(String base64, String field) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(field, "must be base64");
        }
    }

    private static YjsUpdate parse(byte[] bytes, String field) {
        try {
            return YjsUpdate.read(bytes);
        } catch (YjsUpdate.Malformed e) {
            throw ProblemException.invalid(field, "is not a Yjs update: " + e.getMessage());
        }
    }

    private static YjsUpdate parseStored(byte[] bytes) {
        try {
            return YjsUpdate.read(bytes);
        } catch (YjsUpdate.Malformed e) {
            throw new IllegalStateException("a stored update no longer reads: " + e.getMessage());
        }
    }




    private String readField(String storedJson, String field) {
        try {
            return String.valueOf(json.readValue(storedJson, Map.class).get(field));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CommandResult remember(Caller caller, String key, long seq) {
        return idempotency.remember(caller.userId(), key, new CommandResult(seq, null));
    }
}
