package fr.maillage.mail;

import fr.maillage.core.error.ProblemException;
import fr.maillage.core.security.Caller;
import fr.maillage.core.security.Role;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Outgoing e-mail. {@link #enqueue} joins the caller's transaction, so a mail exists exactly
 * when the change that caused it was committed; {@link MailSender} delivers it later.
 */
@Singleton
public class MailService {
    private static final Logger LOG = LoggerFactory.getLogger(MailService.class);
    static final int OUTBOX_PAGE = 200;

    private final OutboxRepository outbox;
    private final MailConfig config;
    private final JdbcOperations jdbc;
    private final JsonMapper json;
    private final Clock clock;

    MailService(OutboxRepository outbox, MailConfig config, JdbcOperations jdbc, JsonMapper json, Clock clock) {
        this.outbox = outbox;
        this.config = config;
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    @Transactional
    public UUID enqueue(String recipient, String subject, String textBody) {
        Instant now = clock.instant();
        boolean send = config.smtpConfigured();
        OutboxRow row = new OutboxRow(UUID.randomUUID(), recipient, subject, textBody, null,
                send ? "pending" : "kept", 0, null, send ? now : null, now, null);
        outbox.save(row);
        LOG.info("mail queued mailId={} status={}", row.id(), row.status());
        return row.id();
    }

    /** Queues a mail with an HTML part and extra headers (e.g. List-Unsubscribe), in the caller's transaction. */
    @Transactional
    public UUID enqueue(String recipient, String subject, String textBody, String htmlBody, Map<String, String> headers) {
        return enqueue(recipient, subject, textBody, htmlBody, headers, List.of());
    }

    /** As above, with files attached (small text files, such as a session's .ics). */
    @Transactional
    public UUID enqueue(String recipient, String subject, String textBody, String htmlBody, Map<String, String> headers,
                        List<MailAttachment> attachments) {
        UUID id = enqueue(recipient, subject, textBody);
        jdbc.prepareStatement("UPDATE mail_outbox SET html_body = ?, headers = ?::jsonb, attachments = ?::jsonb WHERE id = ?", ps -> {
            ps.setString(1, htmlBody);
            try {
                ps.setString(2, json.writeValueAsString(headers == null ? Map.of() : headers));
                ps.setString(3, json.writeValueAsString(attachments == null ? List.of() : attachments));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ps.setObject(4, id);
            return ps.executeUpdate();
        });
        return id;
    }

    /** The files attached to each of these mails (none: absent). */
    Map<UUID, List<MailAttachment>> attachments(List<UUID> ids) {
        Map<UUID, List<MailAttachment>> found = new java.util.HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        jdbc.prepareStatement("SELECT id, attachments::text FROM mail_outbox WHERE id = ANY (?) AND attachments <> '[]'::jsonb", ps -> {
            ps.setArray(1, ps.getConnection().createArrayOf("uuid", ids.toArray()));
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getObject(1, UUID.class), readAttachments(rs.getString(2)));
                }
            }
            return found;
        });
        return found;
    }

    List<MailAttachment> readAttachments(String text) {
        try {
            return text == null ? List.of() : List.of(json.readValue(text, MailAttachment[].class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An administrator sends again a mail that failed, or whose sender died while transmitting
     * ('uncertain': it may have arrived, so only a person decides to risk a double).
     */
    @Transactional
    public MailViews resend(Caller caller, UUID id) {
        caller.requireRole(Role.ADMINISTRATOR);
        OutboxRow row = outbox.findById(id).orElseThrow(ProblemException::notFound);
        if (!"failed".equals(row.status()) && !"uncertain".equals(row.status())) {
            throw ProblemException.conflict("Only a failed or uncertain mail is sent again");
        }
        jdbc.prepareStatement("UPDATE mail_outbox SET status = 'pending', attempts = 0, last_error = NULL, next_attempt_at = ? "
                + "WHERE id = ? AND status IN ('failed', 'uncertain')", ps -> {
            ps.setTimestamp(1, Timestamp.from(clock.instant()));
            ps.setObject(2, id);
            return ps.executeUpdate();
        });
        LOG.info("mail resend requested mailId={} previousStatus={} by={}", id, row.status(), caller.userId());
        return MailViews.of(outbox.findById(id).orElseThrow(), attachments(List.of(id)).getOrDefault(id, List.of()));
    }

    @Transactional
    public List<MailViews> outbox(Caller caller) {
        caller.requireRole(Role.ADMINISTRATOR);
        List<OutboxRow> rows = outbox.newest(OUTBOX_PAGE);
        Map<UUID, List<MailAttachment>> files = attachments(rows.stream().map(OutboxRow::id).toList());
        return rows.stream().map(row -> MailViews.of(row, files.getOrDefault(row.id(), List.of()))).toList();
    }
}
