package fr.maillage.moderation;

import fr.maillage.audit.AuditService;
import fr.maillage.core.error.ProblemException;
import fr.maillage.core.ratelimit.FailureCounter;
import fr.maillage.core.security.Caller;
import fr.maillage.core.security.Role;
import fr.maillage.core.stream.StreamService;
import fr.maillage.identity.ProfileService;
import fr.maillage.moderation.ModerationViews.CaseView;
import fr.maillage.moderation.ModerationViews.ItemView;
import fr.maillage.moderation.ModerationViews.QueuePage;
import fr.maillage.moderation.ModerationViews.ReportCommand;
import fr.maillage.moderation.ModerationViews.ReportLine;
import fr.maillage.moderation.ModerationViews.ReportView;
import fr.maillage.notification.Notice;
import fr.maillage.notification.NotificationService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Reports and the moderation queue (docs/moderation.md). Reports of one item gather in one open
 * case; the first moderator action that resolves the case wins (the case row is claimed with
 * {@code UPDATE ... WHERE status = 'open'}), later ones get 409. Every change of a case is a
 * {@code moderation.case_changed} event of the {@code moderation} stream; every action is audited;
 * reporters are told the outcome in their notification centre.
 */
@Singleton
public class ModerationService {
    private static final Logger LOG = LoggerFactory.getLogger(ModerationService.class);
    public static final List<String> REASONS = List.of("spam", "abusive", "personal_data", "off_topic", "other");
    static final String DISMISSED = "moderation.report_dismissed";
    static final String HIDDEN = "moderation.report_hidden";
    static final String EDITED = "moderation.report_edited";
    static final String MESSAGED = "moderation.author_messaged";
    private static final int MAX_OPEN_CASES = 200;

    private final JdbcOperations jdbc;
    private final StreamService streams;
    private final ReportedItems items;
    private final NotificationService notifications;
    private final AuditService audit;
    private final FailureCounter counter;
    private final ProfileService profiles;
    private final ModerationConfig config;
    private final Clock clock;

    ModerationService(JdbcOperations jdbc, StreamService streams, ReportedItems items, NotificationService notifications,
                      AuditService audit, FailureCounter counter, ProfileService profiles, ModerationConfig config, Clock clock) {
        this.jdbc = jdbc;
        this.streams = streams;
        this.items = items;
        this.notifications = notifications;
        this.audit = audit;
        this.counter = counter;
        this.profiles = profiles;
        this.config = config;
        this.clock = clock;
    }

    // ---- reports -------------------------------------------------------------------------

    /**
     * Reports an item the caller can read (404 otherwise). A second report of the same item by the
     * same person while its case is open returns the first one ({@code alreadyReported}) and
     * counts nothing; at most {@code reportsPerHour} new reports per person and hour (429).
     */
    @Transactional
    public ReportView report(Caller caller, ReportCommand command) {
        ReportedItems.requireKnown(command.itemKind());
        if (!REASONS.contains(command.reason())) {
            throw ProblemException.invalid("reason", "must be one of " + String.join(", ", REASONS));
        }
        String text = command.text() == null || command.text().isBlank() ? null : command.text().strip();
        if (text == null && "other".equals(command.reason())) {
            throw ProblemException.invalid("text", "is required when the reason is other");
        }
        if (text != null && text.length() > config.maxTextChars()) {
            throw ProblemException.invalid("text", "give at most " + config.maxTextChars() + " characters");
        }
        ItemView item = items.readable(caller, command.itemKind(), command.itemId());
        UUID caseId = openCase(item.kind(), item.id());
        Optional<ReportView> earlier = reportOf(caseId, caller.userId());
        if (earlier.isPresent()) {
            return earlier.get();
        }
        String rateKey = "moderation-report:" + caller.userId();
        long locked = counter.lockedForSeconds(rateKey, config.reportsPerHour());
        if (locked > 0) {
            LOG.info("report throttled userId={} retryAfter={}", caller.userId(), locked);
            throw ProblemException.tooManyAttempts(locked);
        }
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        update("INSERT INTO moderation_report (id, case_id, reporter_id, reason, text, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                id, caseId, caller.userId(), command.reason(), text, Timestamp.from(now));
        counter.recordFailure(rateKey, config.reportsPerHour(), Duration.ofHours(1), Duration.ofHours(1));
        streams.append(ModerationAccess.STREAM, "moderation.case_changed", Map.of("case", caseView(caseId)));
        LOG.info("item reported reportId={} caseId={} kind={} itemId={}", id, caseId, item.kind(), item.id());
        return new ReportView(id, caseId, item.kind(), item.id(), command.reason(), text, now, false);
    }

    /** The open case of the item, created if there is none, and locked until commit. */
    private UUID openCase(String kind, UUID itemId) {
        for (int attempt = 0; attempt < 3; attempt++) {
            update("INSERT INTO moderation_case (id, item_kind, item_id, status, opened_at) VALUES (?, ?, ?, 'open', ?) "
                    + "ON CONFLICT (item_kind, item_id) WHERE status = 'open' DO NOTHING",
                    UUID.randomUUID(), kind, itemId, Timestamp.from(clock.instant()));
            Optional<UUID> open = jdbc.prepareStatement("SELECT id FROM moderation_case WHERE item_kind = ? AND item_id = ? "
                    + "AND status = 'open' FOR UPDATE", ps -> {
                ps.setString(1, kind);
                ps.setObject(2, itemId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.<UUID>empty();
                }
            });
            if (open.isPresent()) {
                return open.get();
            }
            // The open case was resolved between our insert and our read: open a new one.
        }
        throw ProblemException.conflict("This item's reports are being handled; try again");
    }

    private Optional<ReportView> reportOf(UUID caseId, UUID reporterId) {
        return jdbc.prepareStatement("SELECT r.id, c.item_kind, c.item_id, r.reason, r.text, r.created_at FROM moderation_report r "
                + "JOIN moderation_case c ON c.id = r.case_id WHERE r.case_id = ? AND r.reporter_id = ?", ps -> {
            ps.setObject(1, caseId);
            ps.setObject(2, reporterId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new ReportView(rs.getObject(1, UUID.class), caseId, rs.getString(2),
                        rs.getObject(3, UUID.class), rs.getString(4), rs.getString(5), rs.getTimestamp(6).toInstant(), true))
                        : Optional.<ReportView>empty();
            }
        });
    }

    // ---- the queue -----------------------------------------------------------------------

    /** The open cases, oldest first, with the moderation stream's sequence they reflect. */
    @Transactional(readOnly = true, isolation = TransactionDefinition.Isolation.REPEATABLE_READ)
    public QueuePage queue(Caller caller) {
        requireModerator(caller);
        long seq = streams.currentSeq(ModerationAccess.STREAM);
        List<UUID> ids = jdbc.prepareStatement("SELECT id FROM moderation_case WHERE status = 'open' ORDER BY opened_at, id LIMIT "
                + MAX_OPEN_CASES, ps -> {
            List<UUID> list = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(rs.getObject(1, UUID.class));
                }
            }
            return list;
        });
        return new QueuePage(ModerationAccess.STREAM, seq, ids.stream().map(this::caseView).toList());
    }

    // ---- actions -------------------------------------------------------------------------

    @Transactional
    public CaseView dismiss(Caller caller, UUID caseId) {
        requireModerator(caller);
        CaseRow row = claim(caller, caseId, "dismissed");
        ItemView item = items.find(row.kind(), row.itemId()).orElseThrow(ProblemException::notFound);
        audit.record(caller, "moderation.dismissed", target(item), Map.of("status", "open"), Map.of("status", "dismissed"));
        return resolved(caseId, item, DISMISSED);
    }

    @Transactional
    public CaseView hide(Caller caller, UUID caseId) {
        requireModerator(caller);
        CaseRow row = claim(caller, caseId, "hidden");
        ItemView item = items.find(row.kind(), row.itemId()).orElseThrow(ProblemException::notFound);
        items.hide(caller, row.kind(), row.itemId());
        audit.record(caller, "moderation.hidden", target(item), Map.of("text", item.text()), Map.of("hidden", true));
        return resolved(caseId, item, HIDDEN);
    }

    @Transactional
    public CaseView edit(Caller caller, UUID caseId, String text) {
        requireModerator(caller);
        CaseRow row = claim(caller, caseId, "edited");
        ItemView item = items.find(row.kind(), row.itemId()).orElseThrow(ProblemException::notFound);
        items.edit(caller, row.kind(), row.itemId(), text);
        audit.record(caller, "moderation.edited", target(item), Map.of("text", item.text()), Map.of("text", text));
        return resolved(caseId, item, EDITED);
    }

    /** Tells the author privately, in their notification centre; the case stays as it is. */
    @Transactional
    public void messageAuthor(Caller caller, UUID caseId, String text) {
        requireModerator(caller);
        String message = text == null ? "" : text.strip();
        if (message.isEmpty()) {
            throw ProblemException.invalid("text", "must not be blank");
        }
        if (message.length() > config.maxTextChars()) {
            throw ProblemException.invalid("text", "give at most " + config.maxTextChars() + " characters");
        }
        CaseRow row = load(caseId, false);
        ItemView item = items.find(row.kind(), row.itemId()).orElseThrow(ProblemException::notFound);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("title", item.title());
        data.put("message", message);
        notifications.notify(Notice.of(item.authorId(), MESSAGED, item.link(), data));
        audit.record(caller, "moderation.author_messaged", target(item), null, Map.of("message", message));
        LOG.info("author messaged by moderation caseId={} by={}", caseId, caller.userId());
    }

    /** Administrators only: deactivates the item's author through identity; the case stays open. */
    @Transactional
    public void deactivateAuthor(Caller caller, UUID caseId) {
        caller.requireRole(Role.ADMINISTRATOR);
        CaseRow row = load(caseId, false);
        ItemView item = items.find(row.kind(), row.itemId()).orElseThrow(ProblemException::notFound);
        if (item.authorId().equals(caller.userId())) {
            throw ProblemException.conflict("You cannot deactivate your own account");
        }
        profiles.deactivate(caller, item.authorId());
        audit.record(caller, "moderation.author_deactivated", target(item), null, Map.of("author", item.authorId().toString()));
        streams.append(ModerationAccess.STREAM, "moderation.case_changed", Map.of("case", caseView(caseId)));
    }

    // ---- helpers -------------------------------------------------------------------------

    private record CaseRow(UUID id, String kind, UUID itemId, String status) {
    }

    private static void requireModerator(Caller caller) {
        if (!caller.role().animates()) {
            throw ProblemException.forbidden("Only facilitators and administrators moderate");
        }
    }

    /**
     * Resolves the open case for this caller: the row lock makes a concurrent second action wait,
     * then find the case no longer open and get 409. 404 when there is no such case.
     */
    private CaseRow claim(Caller caller, UUID caseId, String status) {
        int claimed = jdbc.prepareStatement("UPDATE moderation_case SET status = ?, resolved_at = ?, resolved_by = ? "
                + "WHERE id = ? AND status = 'open'", ps -> {
            ps.setString(1, status);
            ps.setTimestamp(2, Timestamp.from(clock.instant()));
            ps.setObject(3, caller.userId());
            ps.setObject(4, caseId);
            return ps.executeUpdate();
        });
        CaseRow row = load(caseId, false);
        if (claimed == 0) {
            throw ProblemException.conflict("These reports were already handled (" + row.status() + ")");
        }
        return row;
    }

    private CaseRow load(UUID caseId, boolean lock) {
        return jdbc.prepareStatement("SELECT id, item_kind, item_id, status FROM moderation_case WHERE id = ?" + (lock ? " FOR UPDATE" : ""), ps -> {
            ps.setObject(1, caseId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw ProblemException.notFound();
                }
                return new CaseRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class), rs.getString(4));
            }
        });
    }

    /** Tells every reporter the outcome, then tells the queue. */
    private CaseView resolved(UUID caseId, ItemView item, String kind) {
        for (UUID reporter : reporters(caseId)) {
            notifications.notify(Notice.of(reporter, kind, item.link(), Map.of("title", item.title()))
                    .dedupedBy("moderation.case:" + caseId));
        }
        CaseView view = caseView(caseId);
        streams.append(ModerationAccess.STREAM, "moderation.case_changed", Map.of("case", view));
        LOG.info("moderation case resolved caseId={} status={}", caseId, view.status());
        return view;
    }

    private static AuditService.Target target(ItemView item) {
        return new AuditService.Target(item.kind(), item.id().toString(), item.title());
    }

    private List<UUID> reporters(UUID caseId) {
        return jdbc.prepareStatement("SELECT reporter_id FROM moderation_report WHERE case_id = ? ORDER BY created_at", ps -> {
            ps.setObject(1, caseId);
            List<UUID> list = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(rs.getObject(1, UUID.class));
                }
            }
            return list;
        });
    }

    CaseView caseView(UUID caseId) {
        return jdbc.prepareStatement("""
                SELECT c.id, c.item_kind, c.item_id, c.status, c.opened_at, c.resolved_at, c.resolved_by, u.display_name
                FROM moderation_case c LEFT JOIN app_user u ON u.id = c.resolved_by WHERE c.id = ?""", ps -> {
            ps.setObject(1, caseId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw ProblemException.notFound();
                }
                String kind = rs.getString(2);
                UUID itemId = rs.getObject(3, UUID.class);
                Timestamp resolvedAt = rs.getTimestamp(6);
                ItemView item = items.find(kind, itemId).orElseThrow(ProblemException::notFound);
                List<ReportLine> reports = reportLines(caseId);
                return new CaseView(caseId, rs.getString(4), rs.getTimestamp(5).toInstant(),
                        resolvedAt == null ? null : resolvedAt.toInstant(), rs.getObject(7, UUID.class), rs.getString(8),
                        item, reports.size(), reports);
            }
        });
    }

    private List<ReportLine> reportLines(UUID caseId) {
        return jdbc.prepareStatement("SELECT r.reporter_id, u.display_name, r.reason, r.text, r.created_at FROM moderation_report r "
                + "JOIN app_user u ON u.id = r.reporter_id WHERE r.case_id = ? ORDER BY r.created_at, r.id", ps -> {
            ps.setObject(1, caseId);
            List<ReportLine> list = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(new ReportLine(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getTimestamp(5).toInstant()));
                }
            }
            return list;
        });
    }

    private void update(String sql, @Nullable Object... args) {
        jdbc.prepareStatement(sql, ps -> {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        });
    }
}
