package fr.maillage.workspace;

import fr.maillage.core.db.Sql;
import fr.maillage.core.error.Problem;
import fr.maillage.core.error.ProblemException;
import fr.maillage.core.error.ProblemType;
import fr.maillage.core.security.Caller;
import fr.maillage.core.security.Role;
import fr.maillage.core.stream.Idempotency;
import fr.maillage.core.stream.StreamService;
import fr.maillage.workspace.FileTypes.FileType;
import fr.maillage.workspace.WorkspaceFileViews.AddLinkCommand;
import fr.maillage.workspace.WorkspaceFileViews.FileLimits;
import fr.maillage.workspace.WorkspaceFileViews.FileView;
import fr.maillage.workspace.WorkspaceFileViews.FilesPage;
import fr.maillage.workspace.WorkspaceFileViews.LinkView;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.NoSuchFileException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.text.Normalizer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Files and links of a workspace. An upload is checked (member, name, type, declared size,
 * room left) before its body is read, streamed to the {@link FileStore} outside any transaction
 * (a slow upload holds no connection), then recorded in one transaction that checks again under
 * the workspace's row lock, writes the row and appends {@code workspace.file_added}. Removing
 * only marks the row; the stored content stays (another row may share it).
 */
@Singleton
public class WorkspaceFileService {
    private static final Logger LOG = LoggerFactory.getLogger(WorkspaceFileService.class);

    private final JdbcOperations jdbc;
    private final Sql sql;
    private final TransactionOperations<Connection> transactions;
    private final StreamService streams;
    private final Idempotency idempotency;
    private final WorkspaceAccess access;
    private final WorkspaceFilesConfig config;
    private final FileStore store;
    private final JsonMapper json;
    private final Clock clock;

    WorkspaceFileService(JdbcOperations jdbc, Sql sql, TransactionOperations<Connection> transactions, StreamService streams,
                         Idempotency idempotency, WorkspaceAccess access, WorkspaceFilesConfig config, FileStore store,
                         JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.sql = sql;
        this.transactions = transactions;
        this.streams = streams;
        this.idempotency = idempotency;
        this.access = access;
        this.config = config;
        this.store = store;
        this.json = json;
        this.clock = clock;
    }

    /** A file to send: its row and its verified bytes. */
    public record Download(FileView file, FileStore.Opened content) {
    }

    // ---- reading -------------------------------------------------------------------------

    @Transactional(readOnly = true, isolation = TransactionDefinition.Isolation.REPEATABLE_READ)
    public FilesPage page(Caller caller, UUID workspaceId) {
        requireMember(caller, workspaceId);
        String stream = WorkspaceAccess.workspaceStream(workspaceId);
        return new FilesPage(stream, streams.currentSeq(stream), files(workspaceId), links(workspaceId),
                new FileLimits(config.maxFileBytes(), config.maxFilesPerWorkspace(), config.maxLinksPerWorkspace(),
                        config.allowedFileTypes()));
    }

    /**
     * Opens a file for a member. The bytes are checked against their SHA-256 before anything is
     * sent: damaged or missing content is a 500 problem and an ERROR log line, never wrong bytes.
     */
    public Download download(Caller caller, UUID workspaceId, UUID fileId) {
        FileView file = transactions.executeRead(status -> {
            requireMember(caller, workspaceId);
            return file(workspaceId, fileId).orElseThrow(ProblemException::notFound);
        });
        try {
            return new Download(file, store.open(file.sha256()));
        } catch (FileStore.Corrupt | NoSuchFileException e) {
            String errorId = UUID.randomUUID().toString();
            LOG.error("workspace file unreadable errorId={} fileId={} workspaceId={} sha256={} reason={}",
                    errorId, fileId, workspaceId, file.sha256(), e instanceof FileStore.Corrupt ? "checksum" : "missing");
            ProblemType type = ProblemType.INTERNAL;
            throw new ProblemException(new Problem(type.uri(), type.title(), type.status(),
                    "This file is damaged on the server; quote this error id to an administrator: " + errorId,
                    null, null, null, errorId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- files ---------------------------------------------------------------------------

    /**
     * Stores an upload: the body is read only once the cheap checks pass, and never more than
     * one buffer past the size limit. A retried upload with the same idempotency key answers the
     * first file and adds nothing.
     */
    public FileView upload(Caller caller, UUID workspaceId, @Nullable String rawName, OptionalLong declaredLength,
                           @Nullable InputStream body, @Nullable String idempotencyKey) {
        if (idempotencyKey != null && (idempotencyKey.length() < 8 || idempotencyKey.length() > Idempotency.MAX_KEY_LENGTH)) {
            throw ProblemException.invalid("Idempotency-Key", "8 to " + Idempotency.MAX_KEY_LENGTH + " characters");
        }
        if (!access.isMember(caller.userId(), workspaceId)) {
            throw ProblemException.notFound();
        }
        String name = cleanName(rawName);
        FileType type = allowedType(name);
        if (declaredLength.isPresent() && declaredLength.getAsLong() > config.maxFileBytes()) {
            throw tooLarge();
        }
        if (idempotencyKey == null && transactions.executeRead(status -> activeFiles(workspaceId)) >= config.maxFilesPerWorkspace()) {
            throw tooMany();
        }
        if (body == null || declaredLength.orElse(-1) == 0) {
            throw ProblemException.invalid("file", "is empty");
        }
        FileStore.Stored stored;
        try {
            byte[] head = body.readNBytes(FileTypes.HEAD_BYTES);
            if (head.length == 0) {
                throw ProblemException.invalid("file", "is empty");
            }
            if (!FileTypes.matches(type, head, head.length)) {
                throw ProblemException.of(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                        "The content is not a ." + type.extension() + " file");
            }
            stored = store.put(new SequenceInputStream(new ByteArrayInputStream(head), body), config.maxFileBytes());
        } catch (FileStore.TooLarge e) {
            throw tooLarge();
        } catch (IOException | RuntimeException e) {
            if (causedBy(e, ContentLengthExceededException.class)) {
                throw tooLarge();
            }
            if (causedBy(e, EOFException.class)) {
                // the client went away mid-upload: nothing was kept, nothing to log as an error
                throw ProblemException.of(ProblemType.MALFORMED_REQUEST, "The upload was interrupted");
            }
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new UncheckedIOException((IOException) e);
        }
        try {
            FileView file = transactions.executeWrite(status -> record(caller, workspaceId, name, type, stored, idempotencyKey));
            LOG.info("workspace file added fileId={} workspaceId={} size={} by={}", file.id(), workspaceId, file.size(), caller.userId());
            return file;
        } catch (RuntimeException e) {
            discardIfUnreferenced(stored.sha256());
            throw e;
        }
    }

    private FileView record(Caller caller, UUID workspaceId, String name, FileType type, FileStore.Stored stored,
                            @Nullable String idempotencyKey) {
        requireMember(caller, workspaceId);
        Optional<FileView> replay = idempotency.claim(caller.userId(), idempotencyKey, "workspace.upload_file",
                Map.of("workspaceId", workspaceId, "name", name, "sha256", stored.sha256()), FileView.class);
        if (replay.isPresent()) {
            return replay.get();
        }
        // serialises the uploads of one workspace so that two at the limit cannot both pass
        lockWorkspace(workspaceId);
        if (activeFiles(workspaceId) >= config.maxFilesPerWorkspace()) {
            throw tooMany();
        }
        // the content may have been discarded by a failed upload of the same bytes meanwhile
        lockContent(stored.sha256());
        if (!store.exists(stored.sha256())) {
            throw ProblemException.conflict("The file was not kept; send it again");
        }
        UUID id = UUID.randomUUID();
        sql.update("INSERT INTO workspace_file (id, workspace_id, name, media_type, size, sha256, uploaded_by, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", id, workspaceId, name, type.mediaType(), stored.size(),
                stored.sha256(), caller.userId(), Timestamp.from(clock.instant()));
        FileView file = file(workspaceId, id).orElseThrow();
        streams.append(WorkspaceAccess.workspaceStream(workspaceId), "workspace.file_added", Map.of("file", file));
        idempotency.complete(caller.userId(), idempotencyKey, file);
        return file;
    }

    /** After a failed upload: deletes the content unless a row (kept or removed) names it. */
    private void discardIfUnreferenced(String sha256) {
        try {
            transactions.executeWrite(status -> {
                lockContent(sha256);
                if (!sql.exists("SELECT 1 FROM workspace_file WHERE sha256 = ?", sha256)) {
                    try {
                        store.delete(sha256);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("workspace file not discarded sha256={} error={}", sha256, e.toString());
        }
    }

    /** The uploader or any member who is not a guest removes a file; it disappears from the lists. */
    @Transactional
    public void removeFile(Caller caller, UUID workspaceId, UUID fileId) {
        requireMember(caller, workspaceId);
        UUID uploader = jdbc.prepareStatement("SELECT uploaded_by FROM workspace_file WHERE id = ? AND workspace_id = ? "
                + "AND removed_at IS NULL FOR UPDATE", ps -> {
            ps.setObject(1, fileId);
            ps.setObject(2, workspaceId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? (UUID) rs.getObject(1) : null;
            }
        });
        if (uploader == null) {
            throw ProblemException.notFound();
        }
        if (caller.role() == Role.GUEST && !caller.userId().equals(uploader)) {
            throw ProblemException.forbidden("Guests remove only the files they added");
        }
        sql.update("UPDATE workspace_file SET removed_at = ?, removed_by = ? WHERE id = ?",
                Timestamp.from(clock.instant()), caller.userId(), fileId);
        streams.append(WorkspaceAccess.workspaceStream(workspaceId), "workspace.file_removed", Map.of("fileId", fileId));
        LOG.info("workspace file removed fileId={} workspaceId={} by={}", fileId, workspaceId, caller.userId());
    }

    // ---- links ---------------------------------------------------------------------------

    @Transactional
    public LinkView addLink(Caller caller, UUID workspaceId, AddLinkCommand command) {
        requireMember(caller, workspaceId);
        String url = cleanUrl(command.url());
        String title = command.title().strip();
        Optional<LinkView> replay = idempotency.claim(caller.userId(), command.idempotencyKey(), "workspace.add_link",
                Map.of("workspaceId", workspaceId, "command", command), LinkView.class);
        if (replay.isPresent()) {
            return replay.get();
        }
        lockWorkspace(workspaceId);
        if (sql.count("SELECT count(*) FROM workspace_link WHERE workspace_id = ? AND removed_at IS NULL", workspaceId)
                >= config.maxLinksPerWorkspace()) {
            throw ProblemException.conflict("A workspace holds at most " + config.maxLinksPerWorkspace() + " links");
        }
        UUID id = UUID.randomUUID();
        sql.update("INSERT INTO workspace_link (id, workspace_id, url, title, added_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                id, workspaceId, url, title, caller.userId(), Timestamp.from(clock.instant()));
        LinkView link = links(workspaceId).stream().filter(l -> l.id().equals(id)).findFirst().orElseThrow();
        streams.append(WorkspaceAccess.workspaceStream(workspaceId), "workspace.link_added", Map.of("link", link));
        idempotency.complete(caller.userId(), command.idempotencyKey(), link);
        LOG.info("workspace link added linkId={} workspaceId={} by={}", id, workspaceId, caller.userId());
        return link;
    }

    /** The member who added it or any member who is not a guest removes a link. */
    @Transactional
    public void removeLink(Caller caller, UUID workspaceId, UUID linkId) {
        requireMember(caller, workspaceId);
        UUID adder = jdbc.prepareStatement("SELECT added_by FROM workspace_link WHERE id = ? AND workspace_id = ? "
                + "AND removed_at IS NULL FOR UPDATE", ps -> {
            ps.setObject(1, linkId);
            ps.setObject(2, workspaceId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? (UUID) rs.getObject(1) : null;
            }
        });
        if (adder == null) {
            throw ProblemException.notFound();
        }
        if (caller.role() == Role.GUEST && !caller.userId().equals(adder)) {
            throw ProblemException.forbidden("Guests remove only the links they added");
        }
        sql.update("UPDATE workspace_link SET removed_at = ?, removed_by = ? WHERE id = ?",
                Timestamp.from(clock.instant()), caller.userId(), linkId);
        streams.append(WorkspaceAccess.workspaceStream(workspaceId), "workspace.link_removed", Map.of("linkId", linkId));
        LOG.info("workspace link removed linkId={} workspaceId={} by={}", linkId, workspaceId, caller.userId());
    }

    // ---- validation ----------------------------------------------------------------------

    /**
     * The name a file is listed and downloaded under: its last path segment, NFC, without
     * control or invisible formatting characters (a right-to-left override could disguise
     * "txt.exe" as "exe.txt").
     */
    static String cleanName(@Nullable String raw) {
        if (raw == null) {
            throw ProblemException.invalid("name", "is required");
        }
        String name = Normalizer.normalize(raw, Normalizer.Form.NFC);
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = name.replaceAll("[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]", "").strip();
        if (name.isEmpty() || name.chars().allMatch(c -> c == '.')) {
            throw ProblemException.invalid("name", "is required");
        }
        if (name.length() > WorkspaceFileViews.NAME_MAX) {
            throw ProblemException.invalid("name", "is longer than " + WorkspaceFileViews.NAME_MAX + " characters");
        }
        return name;
    }

    private FileType allowedType(String name) {
        return FileTypes.forName(name)
                .filter(t -> config.allowedFileTypes().contains(t.extension()))
                .orElseThrow(() -> ProblemException.of(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                        "Accepted files: " + String.join(", ", config.allowedFileTypes())));
    }

    /** Only absolute http(s) links with a host and no credentials; javascript:, data: and the rest are refused. */
    static String cleanUrl(String raw) {
        String url = raw.strip();
        if (url.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
            throw ProblemException.invalid("url", "must not contain spaces or control characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw ProblemException.invalid("url", "is not a valid address");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw ProblemException.invalid("url", "must start with http:// or https://");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw ProblemException.invalid("url", "has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw ProblemException.invalid("url", "must not contain a user name or password");
        }
        return url;
    }

    private ProblemException tooLarge() {
        return ProblemException.of(ProblemType.PAYLOAD_TOO_LARGE, "A file is limited to " + config.maxFileBytes() + " bytes");
    }

    private ProblemException tooMany() {
        return ProblemException.conflict("A workspace holds at most " + config.maxFilesPerWorkspace() + " files");
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    // ---- rows ----------------------------------------------------------------------------

    private void requireMember(Caller caller, UUID workspaceId) {
        if (!access.isMember(caller.userId(), workspaceId)) {
            throw ProblemException.notFound();
        }
    }

    private void lockWorkspace(UUID workspaceId) {
        jdbc.prepareStatement("SELECT 1 FROM workspace WHERE id = ? FOR UPDATE", ps -> {
            ps.setObject(1, workspaceId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        });
    }

    /** A transaction lock on one content: recording it and discarding it never interleave. */
    private void lockContent(String sha256) {
        jdbc.prepareStatement("SELECT pg_advisory_xact_lock(?)", ps -> {
            ps.setLong(1, Long.parseUnsignedLong(sha256.substring(0, 16), 16));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        });
    }

    private long activeFiles(UUID workspaceId) {
        return sql.count("SELECT count(*) FROM workspace_file WHERE workspace_id = ? AND removed_at IS NULL", workspaceId);
    }

    private static final String FILE_COLUMNS = "SELECT f.id, f.workspace_id, f.name, f.media_type, f.size, f.sha256, "
            + "f.uploaded_by, u.display_name, f.created_at FROM workspace_file f JOIN app_user u ON u.id = f.uploaded_by ";

    private List<FileView> files(UUID workspaceId) {
        return jdbc.prepareStatement(FILE_COLUMNS + "WHERE f.workspace_id = ? AND f.removed_at IS NULL ORDER BY f.created_at, f.id", ps -> {
            ps.setObject(1, workspaceId);
            List<FileView> list = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(fileView(rs));
                }
            }
            return list;
        });
    }

    private Optional<FileView> file(UUID workspaceId, UUID fileId) {
        return jdbc.prepareStatement(FILE_COLUMNS + "WHERE f.id = ? AND f.workspace_id = ? AND f.removed_at IS NULL", ps -> {
            ps.setObject(1, fileId);
            ps.setObject(2, workspaceId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(fileView(rs)) : Optional.empty();
            }
        });
    }

    private static FileView fileView(ResultSet rs) throws SQLException {
        UUID id = (UUID) rs.getObject(1);
        UUID workspaceId = (UUID) rs.getObject(2);
        return new FileView(id, workspaceId, rs.getString(3), rs.getString(4), rs.getLong(5), rs.getString(6),
                (UUID) rs.getObject(7), rs.getString(8), rs.getTimestamp(9).toInstant(),
                "/api/workspaces/" + workspaceId + "/files/" + id);
    }

    private List<LinkView> links(UUID workspaceId) {
        return jdbc.prepareStatement("SELECT l.id, l.workspace_id, l.url, l.title, l.added_by, u.display_name, l.created_at "
                + "FROM workspace_link l JOIN app_user u ON u.id = l.added_by WHERE l.workspace_id = ? AND l.removed_at IS NULL "
                + "ORDER BY l.created_at, l.id", ps -> {
            ps.setObject(1, workspaceId);
            List<LinkView> list = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(new LinkView((UUID) rs.getObject(1), (UUID) rs.getObject(2), rs.getString(3), rs.getString(4),
                            (UUID) rs.getObject(5), rs.getString(6), rs.getTimestamp(7).toInstant()));
                }
            }
            return list;
        });
    }
}
