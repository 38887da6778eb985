package fr.maillage.privacy;

import fr.maillage.core.db.Sql;
import fr.maillage.core.error.ProblemException;
import fr.maillage.core.error.ProblemType;
import fr.maillage.core.privacy.PersonalData;
import fr.maillage.core.security.Caller;
import fr.maillage.notification.Notice;
import fr.maillage.notification.NotificationService;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.annotation.Transactional;
import io.micronaut.transaction.support.TransactionSynchronization;
import io.micronaut.context.BeanProvider;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Exports of a person's data (docs/privacy.md): asked from the profile, built in the background
 * by whichever node's job claims it first, announced by a notification, downloaded once before
 * it expires, then deleted. One export at a time per person, at most
 * {@code maillage.privacy.exports-per-day} a day.
 */
@Singleton
public class ExportService {
    private static final Logger LOG = LoggerFactory.getLogger(ExportService.class);
    static final String READY_KIND = "privacy.export_ready";
    static final String LINK = "/profile#vos-donnees";
    /** Pending exports one tick of the job builds at most, so one node does not hold them all. */
    private static final int BUILDS_PER_TICK = 5;

    private final Sql sql;
    private final PrivacyConfig config;
    // looked up when building: PrivacyPersonalData is itself one of them and needs this service
    private final BeanProvider<PersonalData> features;
    private final NotificationService notifications;
    private final TransactionOperations<?> transactions;
    private final JsonMapper json;
    private final Clock clock;
    private final Path directory;

    ExportService(Sql sql, PrivacyConfig config, BeanProvider<PersonalData> features, NotificationService notifications,
                  TransactionOperations<?> transactions, JsonMapper json, Clock clock,
                  @Value("${maillage.data-dir:maillage-data}") String dataDir) {
        this.sql = sql;
        this.config = config;
        this.features = features;
        this.notifications = notifications;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
        this.directory = Path.of(dataDir).toAbsolutePath().resolve("exports");
    }

    @Serdeable
    public record ExportView(UUID id, String status, Instant requestedAt, @Nullable Instant readyAt,
                             @Nullable Instant expiresAt, @Nullable Long sizeBytes, @Nullable String failure,
                             @Nullable String downloadUrl) {
    }

    @Serdeable
    public record ExportStatus(@Nullable ExportView latest, int perDay, long maxBytes, long ttlSeconds) {
    }

    /** Asks for a new export: 409 while one is pending or ready, 429 past the day's allowance. */
    @Transactional
    public ExportView request(Caller caller) {
        UUID userId = caller.userId();
        // serialises one person's requests, so two at once cannot both pass the checks
        sql.exists("SELECT 1 FROM app_user WHERE id = ? AND deleted_at IS NULL FOR NO KEY UPDATE", userId);
        Instant now = clock.instant();
        expireDue(userId, now);
        if (sql.exists("SELECT 1 FROM privacy_export WHERE user_id = ? AND status IN ('pending', 'ready')", userId)) {
            throw ProblemException.conflict("An export of your data is already being prepared or waiting to be downloaded");
        }
        Instant dayAgo = now.minus(Duration.ofDays(1));
        List<Instant> today = sql.list("SELECT requested_at FROM privacy_export WHERE user_id = ? AND requested_at > ? ORDER BY requested_at",
                rs -> Sql.instant(rs, "requested_at"), userId, dayAgo);
        if (today.size() >= config.exportsPerDay()) {
            throw ProblemException.tooManyAttempts(Duration.between(now, today.get(0).plus(Duration.ofDays(1))).toSeconds());
        }
        UUID id = UUID.randomUUID();
        sql.update("INSERT INTO privacy_export (id, user_id, status, requested_at) VALUES (?, ?, 'pending', ?)", id, userId, now);
        LOG.info("export requested exportId={} userId={}", id, userId);
        return view(id).orElseThrow();
    }

    @Transactional
    public ExportStatus status(Caller caller) {
        Optional<ExportView> latest = sql.one("SELECT id FROM privacy_export WHERE user_id = ? ORDER BY requested_at DESC LIMIT 1",
                rs -> rs.getObject(1, UUID.class), caller.userId()).flatMap(this::view);
        return new ExportStatus(latest.orElse(null), config.exportsPerDay(), config.maxExportBytes(), config.exportTtl().toSeconds());
    }

    /**
     * Spends the download: the export must be the caller's (else 404), ready and unexpired
     * (else 410). The file is deleted once the answer has been streamed ({@link #open}).
     */
    @Transactional
    public Path download(Caller caller, UUID id) {
        Object[] row = sql.one("SELECT user_id, status, expires_at FROM privacy_export WHERE id = ? FOR UPDATE",
                rs -> new Object[]{rs.getObject(1, UUID.class), rs.getString(2), Sql.instant(rs, "expires_at")}, id).orElse(null);
        if (row == null || !caller.userId().equals(row[0])) {
            throw ProblemException.notFound();
        }
        String status = (String) row[1];
        Instant now = clock.instant();
        if ("pending".equals(status)) {
            throw ProblemException.conflict("This export is still being prepared");
        }
        if (!"ready".equals(status)) {
            throw ProblemException.unusable(ProblemType.EXPORT_UNUSABLE, status);
        }
        if (!((Instant) row[2]).isAfter(now)) {
            throw ProblemException.unusable(ProblemType.EXPORT_UNUSABLE, "expired");
        }
        sql.update("UPDATE privacy_export SET status = 'downloaded', downloaded_at = ? WHERE id = ?", now, id);
        LOG.info("export downloaded exportId={} userId={}", id, caller.userId());
        return file(id);
    }

    /** The ZIP's bytes; the file is deleted when the stream is closed (once sent). */
    InputStream open(Path file) throws IOException {
        return new java.io.FilterInputStream(Files.newInputStream(file)) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    Files.deleteIfExists(file);
                }
            }
        };
    }

    // ---- the background job ---------------------------------------------------------------

    @Scheduled(fixedDelay = "${maillage.privacy.export-poll-interval:10s}", initialDelay = "${maillage.privacy.export-poll-interval:10s}")
    void tick() {
        try {
            for (int i = 0; i < BUILDS_PER_TICK && transactions.executeWrite(s -> buildNext()); i++) {
                // one export per transaction
            }
            transactions.executeWrite(s -> {
                purgeExpired();
                return null;
            });
        } catch (RuntimeException e) {
            LOG.error("export job failed", e);
        }
    }

    /**
     * Builds the oldest pending export no other node is building. The person's row is share-
     * locked first (the order a deletion locks in), so an export and a deletion of the same
     * account never deadlock: the deletion waits for the build, then removes it and its file.
     */
    boolean buildNext() {
        List<UUID[]> candidates = sql.list("SELECT id, user_id FROM privacy_export WHERE status = 'pending' ORDER BY requested_at LIMIT 10",
                rs -> new UUID[]{rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)});
        for (UUID[] candidate : candidates) {
            UUID id = candidate[0];
            UUID userId = candidate[1];
            Optional<String> language = sql.one("SELECT language FROM app_user WHERE id = ? AND deleted_at IS NULL FOR KEY SHARE",
                    rs -> rs.getString(1), userId);
            if (language.isEmpty() || !sql.exists("SELECT 1 FROM privacy_export WHERE id = ? AND status = 'pending' FOR UPDATE SKIP LOCKED", id)) {
                continue;
            }
            build(id, userId, language.get());
            return true;
        }
        return false;
    }

    private void build(UUID id, UUID userId, String language) {
        Path file = file(id);
        deleteUnlessCommitted(file);
        Instant started = clock.instant();
        try {
            Files.createDirectories(directory);
            try (ZipExport zip = new ZipExport(file, userId, language, json, config.maxExportBytes())) {
                for (PersonalData feature : features) {
                    feature.export(zip);
                }
                zip.text("README.txt", readme(language, zip.names()));
            }
        } catch (ZipExport.TooLarge e) {
            deleteQuietly(file);
            sql.update("UPDATE privacy_export SET status = 'failed', failure = 'too-large' WHERE id = ?", id);
            LOG.warn("export too large exportId={} userId={} limit={}", id, userId, config.maxExportBytes());
            return;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Instant now = clock.instant();
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sql.update("UPDATE privacy_export SET status = 'ready', ready_at = ?, expires_at = ?, size_bytes = ? WHERE id = ?",
                now, now.plus(config.exportTtl()), size, id);
        notifications.notify(Notice.of(userId, READY_KIND, LINK, Map.of()).dedupedBy("export:" + id));
        LOG.info("export ready exportId={} userId={} bytes={} tookMs={}", id, userId, size, Duration.between(started, now).toMillis());
    }

    /** Ready exports past their time become 'expired' and lose their file. */
    void purgeExpired() {
        List<UUID> expired = sql.list("UPDATE privacy_export SET status = 'expired' WHERE status = 'ready' AND expires_at <= ? RETURNING id",
                rs -> rs.getObject(1, UUID.class), clock.instant());
        deleteAfterCommit(expired);
    }

    private void expireDue(UUID userId, Instant now) {
        List<UUID> expired = sql.list("UPDATE privacy_export SET status = 'expired' WHERE user_id = ? AND status = 'ready' AND expires_at <= ? RETURNING id",
                rs -> rs.getObject(1, UUID.class), userId, now);
        deleteAfterCommit(expired);
    }

    /** A deleted account's exports: rows now, files once the deletion commits. */
    void forget(UUID userId) {
        List<UUID> ids = sql.list("DELETE FROM privacy_export WHERE user_id = ? RETURNING id", rs -> rs.getObject(1, UUID.class), userId);
        deleteAfterCommit(ids);
    }

    private void deleteAfterCommit(List<UUID> ids) {
        if (ids.isEmpty()) {
            return;
        }
        transactions.findTransactionStatus().orElseThrow().registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                ids.forEach(id -> deleteQuietly(file(id)));
                LOG.info("export files deleted count={}", ids.size());
            }
        });
    }

    private void deleteUnlessCommitted(Path file) {
        transactions.findTransactionStatus().orElseThrow().registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(Status status) {
                if (status != Status.COMMITTED) {
                    deleteQuietly(file);
                }
            }
        });
    }

    Path file(UUID id) {
        return directory.resolve(id + ".zip");
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("export file not deleted file={}", file, e);
        }
    }

    private Optional<ExportView> view(UUID id) {
        return sql.one("SELECT * FROM privacy_export WHERE id = ?", ExportService::view, id);
    }

    private static ExportView view(ResultSet rs) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        String status = rs.getString("status");
        Long size = rs.getObject("size_bytes", Long.class);
        return new ExportView(id, status, Sql.instant(rs, "requested_at"), Sql.instant(rs, "ready_at"), Sql.instant(rs, "expires_at"),
                size, rs.getString("failure"),
                "ready".equals(status) ? "/api/me/exports/" + id + "/download" : null);
    }

    /** README.txt in the person's language, listing the files this export holds. */
    static String readme(String language, java.util.Set<String> names) throws IOException {
        String resource = "/privacy/README." + ("en".equals(language) ? "en" : "fr") + ".txt";
        try (InputStream in = ExportService.class.getResourceAsStream(resource)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            StringBuilder list = new StringBuilder();
            for (String name : names) {
                list.append("  - ").append(name).append('\n');
            }
            return text.replace("{files}", list.toString());
        }
    }
}
