package fr.maillage.mail;

import fr.maillage.core.socket.NodeId;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * Sends the outbox over SMTP, exactly once or visibly not: no SMTP conversation ever happens
 * inside a database transaction.
 * <ol>
 * <li><b>Claim</b> (own transaction): due 'pending' rows become 'sending' with a fresh
 * lease token and a lease end; {@code FOR UPDATE SKIP LOCKED} keeps two nodes apart.</li>
 * <li><b>Transmit</b>: {@code transmitting = true} is committed under the token just before
 * SMTP; if the token is no longer ours (the lease ran out and was recovered) we stop.</li>
 * <li><b>Settle</b> (own transaction, under the token): 'sent', or back to 'pending' with
 * exponential backoff, or 'failed' after {@code maxAttempts}.</li>
 * </ol>
 * A row whose lease ran out (its sender died, or hung past the lease) is recovered by any
 * node with one conditional UPDATE: not yet transmitting, it is simply 'pending' again (no
 * byte left, sending it is safe); transmitting, it becomes 'uncertain': the SMTP server may
 * or may not have taken it, so it is neither resent silently (a double) nor dropped (a loss):
 * administrators see it and resend it or leave it.
 */
@Singleton
public class MailSender {
    private static final Logger LOG = LoggerFactory.getLogger(MailSender.class);
    private static final int BATCH = 20;

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;
    private final MailConfig config;
    private final JsonMapper json;
    private final Clock clock;
    private final String node;

    MailSender(JdbcOperations jdbc, TransactionOperations<Connection> transactions, MailConfig config, JsonMapper json,
               Clock clock, NodeId nodeId) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.config = config;
        this.json = json;
        this.clock = clock;
        this.node = nodeId.value();
    }

    @Scheduled(fixedDelay = "${maillage.mail.poll-interval:2s}", initialDelay = "2s")
    void poll() {
        if (config.worker() && config.smtpConfigured()) {
            sendDue();
        }
    }

    record Claimed(UUID id, UUID token, String recipient, String subject, String textBody, String htmlBody,
                   Map<String, String> headers, int attempts, List<MailAttachment> attachments) {
    }

    /** Recovers dead leases, then sends what is due now; returns how many rows it settled. */
    public int sendDue() {
        recoverExpiredLeases();
        List<Claimed> claimed = claim();
        if (claimed.isEmpty()) {
            return 0;
        }
        Session session = smtpSession();
        int settled = 0;
        Transport transport = null;
        try {
            // Greeting, EHLO, STARTTLS and login happen before any row is marked transmitting.
            transport = session.getTransport("smtp");
            transport.connect();
        } catch (MessagingException | RuntimeException e) {
            for (Claimed row : claimed) {
                settled += failed(row, e);
            }
            return settled;
        }
        try {
            for (Claimed row : claimed) {
                MimeMessage message;
                try {
                    message = message(session, row);
                } catch (MessagingException | RuntimeException e) {
                    settled += failed(row, e);
                    continue;
                }
                if (!startTransmitting(row)) {
                    LOG.warn("mail lease lost before sending mailId={} node={}", row.id(), node);
                    continue;
                }
                try {
                    transport.sendMessage(message, message.getAllRecipients());
                    settled += settle(row, "sent", null, null);
                    LOG.info("mail sent mailId={} attempts={}", row.id(), row.attempts());
                } catch (SendFailedException e) {
                    // The server answered no: nothing was delivered, retrying is safe.
                    settled += failed(row, e);
                } catch (MessagingException | RuntimeException e) {
                    // The conversation broke mid-way (e.g. no answer after the data): it may have arrived.
                    settled += settle(row, "uncertain", e.getClass().getSimpleName() + ": " + e.getMessage(), null);
                    LOG.warn("mail uncertain mailId={} error={}", row.id(), e.getClass().getSimpleName());
                }
            }
        } finally {
            try {
                transport.close();
            } catch (MessagingException e) {
                LOG.debug("smtp close failed error={}", e.getClass().getSimpleName());
            }
        }
        return settled;
    }

    private int failed(Claimed row, Exception e) {
        boolean giveUp = row.attempts() >= config.maxAttempts();
        Instant next = giveUp ? null : clock.instant().plus(backoff(row.attempts()));
        LOG.warn("mail not sent mailId={} attempts={} giveUp={} error={}", row.id(), row.attempts(), giveUp, e.getClass().getSimpleName());
        return settle(row, giveUp ? "failed" : "pending", e.getClass().getSimpleName() + ": " + e.getMessage(), next);
    }

    /** 30 s, 1 min, 2 min, ... capped at 2^10 times the base. */
    Duration backoff(int attempts) {
        return config.retryBase().multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 10));
    }

    /** Leases that ran out: back to pending if nothing was transmitted, else uncertain. Safe on every node at once. */
    int recoverExpiredLeases() {
        Instant now = clock.instant();
        return transactions.executeWrite(status -> jdbc.prepareStatement("""
                UPDATE mail_outbox SET
                    status = CASE WHEN transmitting THEN 'uncertain' ELSE 'pending' END,
                    last_error = CASE WHEN transmitting
                        THEN 'sender stopped while transmitting (node ' || lease_owner || '): may or may not have been delivered'
                        ELSE last_error END,
                    next_attempt_at = CASE WHEN transmitting THEN NULL ELSE CAST(? AS timestamptz) END,
                    lease_token = NULL, lease_owner = NULL, lease_until = NULL, transmitting = FALSE
                WHERE status = 'sending' AND lease_until < ?
                RETURNING id, status
                """, ps -> {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setTimestamp(2, Timestamp.from(now));
            int count = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    count++;
                    LOG.warn("mail lease expired mailId={} status={}", rs.getObject(1), rs.getString(2));
                }
            }
            return count;
        }));
    }

    private List<Claimed> claim() {
        Instant now = clock.instant();
        return transactions.executeWrite(status -> jdbc.prepareStatement("""
                UPDATE mail_outbox SET status = 'sending', lease_token = gen_random_uuid(), lease_owner = ?, lease_until = ?,
                       transmitting = FALSE, attempts = attempts + 1
                WHERE id IN (SELECT id FROM mail_outbox WHERE status = 'pending' AND next_attempt_at <= ?
                             ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED)
                RETURNING id, lease_token, recipient, subject, text_body, html_body, headers::text, attempts, attachments::text
                """, ps -> {
            ps.setString(1, node);
            ps.setTimestamp(2, Timestamp.from(now.plus(config.lease())));
            ps.setTimestamp(3, Timestamp.from(now));
            ps.setInt(4, BATCH);
            List<Claimed> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Claimed(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), headers(rs.getString(7)), rs.getInt(8),
                            attachments(rs.getString(9))));
                }
            }
            return rows;
        }));
    }

    private boolean startTransmitting(Claimed row) {
        Instant now = clock.instant();
        return transactions.executeWrite(status -> jdbc.prepareStatement(
                "UPDATE mail_outbox SET transmitting = TRUE WHERE id = ? AND lease_token = ? AND status = 'sending' AND lease_until > ?",
                ps -> {
                    ps.setObject(1, row.id());
                    ps.setObject(2, row.token());
                    ps.setTimestamp(3, Timestamp.from(now));
                    return ps.executeUpdate() == 1;
                }));
    }

    /**
     * Settles under our token only. 'sent' also resolves a row recovered as 'uncertain' meanwhile
     * (we now know it left); any other outcome of a row no longer ours is dropped.
     */
    private int settle(Claimed row, String outcome, String error, Instant next) {
        Instant now = clock.instant();
        return transactions.executeWrite(status -> jdbc.prepareStatement("""
                UPDATE mail_outbox SET status = ?, last_error = ?, next_attempt_at = ?, sent_at = ?,
                       lease_token = NULL, lease_owner = NULL, lease_until = NULL, transmitting = FALSE
                WHERE id = ? AND (lease_token = ? OR (? = 'sent' AND status = 'uncertain'))
                """, ps -> {
            ps.setString(1, outcome);
            ps.setString(2, error);
            ps.setTimestamp(3, next == null ? null : Timestamp.from(next));
            ps.setTimestamp(4, "sent".equals(outcome) ? Timestamp.from(now) : null);
            ps.setObject(5, row.id());
            ps.setObject(6, row.token());
            ps.setString(7, outcome);
            return ps.executeUpdate();
        }));
    }

    private Session smtpSession() {
        MailConfig.Smtp smtp = config.smtp();
        Properties props = new Properties();
        props.put("mail.smtp.host", smtp.host());
        props.put("mail.smtp.port", Integer.toString(smtp.port()));
        props.put("mail.smtp.starttls.enable", Boolean.toString(smtp.starttls()));
        String timeout = Long.toString(smtp.timeout().toMillis());
        props.put("mail.smtp.connectiontimeout", timeout);
        props.put("mail.smtp.timeout", timeout);
        props.put("mail.smtp.writetimeout", timeout);
        boolean auth = smtp.user() != null && !smtp.user().isBlank();
        props.put("mail.smtp.auth", Boolean.toString(auth));
        if (!auth) {
            return Session.getInstance(props);
        }
        return Session.getInstance(props, new jakarta.mail.Authenticator() {
            @Override
            protected jakarta.mail.PasswordAuthentication getPasswordAuthentication() {
                return new jakarta.mail.PasswordAuthentication(smtp.user(), smtp.password());
            }
        });
    }

    private MimeMessage message(Session session, Claimed row) throws MessagingException {
        // The same Message-ID on every attempt: a receiver that saw it already can drop a resend.
        String messageId = "<" + row.id() + "@maillage>";
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        message.setFrom(new InternetAddress(config.from()));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(row.recipient()));
        message.setSubject(row.subject(), StandardCharsets.UTF_8.name());
        MimeMultipart body = null;
        if (row.htmlBody() == null && row.attachments().isEmpty()) {
            message.setText(row.textBody(), StandardCharsets.UTF_8.name());
        } else if (row.htmlBody() == null) {
            MimeBodyPart text = new MimeBodyPart();
            text.setText(row.textBody(), StandardCharsets.UTF_8.name());
            body = new MimeMultipart("mixed", text);
        } else {
            MimeBodyPart text = new MimeBodyPart();
            text.setText(row.textBody(), StandardCharsets.UTF_8.name());
            MimeBodyPart html = new MimeBodyPart();
            html.setText(row.htmlBody(), StandardCharsets.UTF_8.name(), "html");
            body = new MimeMultipart("alternative", text, html);
        }
        if (!row.attachments().isEmpty()) {
            // multipart/mixed: the message (text, or text and HTML), then each file.
            MimeMultipart mixed = "mixed".equals(new jakarta.mail.internet.ContentType(body.getContentType()).getSubType()) ? body : null;
            if (mixed == null) {
                MimeBodyPart alternative = new MimeBodyPart();
                alternative.setContent(body);
                mixed = new MimeMultipart("mixed", alternative);
            }
            for (MailAttachment file : row.attachments()) {
                MimeBodyPart part = new MimeBodyPart();
                part.setContent(file.content(), file.contentType());
                part.setHeader("Content-Type", file.contentType());
                part.setFileName(file.filename());
                part.setDisposition(jakarta.mail.Part.ATTACHMENT);
                mixed.addBodyPart(part);
            }
            body = mixed;
        }
        if (body != null) {
            message.setContent(body);
        }
        for (Map.Entry<String, String> header : row.headers().entrySet()) {
            message.setHeader(header.getKey(), header.getValue());
        }
        message.setSentDate(Date.from(clock.instant()));
        message.saveChanges();
        return message;
    }

    private List<MailAttachment> attachments(String text) {
        try {
            return text == null ? List.of() : List.of(json.readValue(text, MailAttachment[].class));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> headers(String text) {
        try {
            return text == null ? Map.of() : json.readValue(text, Map.class);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
