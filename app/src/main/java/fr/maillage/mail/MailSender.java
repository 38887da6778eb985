package fr.maillage.mail;

import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Properties;

/**
 * Sends pending outbox rows over SMTP when it is configured. Rows are claimed with
 * FOR UPDATE SKIP LOCKED inside the sending transaction, so two nodes never send one row.
 * Failures are retried with exponential backoff, then marked failed for administrators.
 */
@Singleton
public class MailSender {
    private static final Logger LOG = LoggerFactory.getLogger(MailSender.class);
    static final int MAX_ATTEMPTS = 8;
    private static final int BATCH = 20;

    private final OutboxRepository outbox;
    private final MailConfig config;
    private final Clock clock;

    MailSender(OutboxRepository outbox, MailConfig config, Clock clock) {
        this.outbox = outbox;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = "${maillage.mail.poll-interval:2s}", initialDelay = "2s")
    void poll() {
        if (config.smtpConfigured()) {
            sendDue();
        }
    }

    /** Sends what is due now; returns how many rows it handled. */
    @Transactional
    public int sendDue() {
        Instant now = clock.instant();
        var due = outbox.claimDue(now, BATCH);
        if (due.isEmpty()) {
            return 0;
        }
        Session session = smtpSession();
        for (OutboxRow row : due) {
            try {
                send(session, row);
                outbox.update(new OutboxRow(row.id(), row.recipient(), row.subject(), row.textBody(), row.htmlBody(),
                        "sent", row.attempts() + 1, null, null, row.createdAt(), clock.instant()));
                LOG.info("mail sent mailId={}", row.id());
            } catch (MessagingException | RuntimeException e) {
                int attempts = row.attempts() + 1;
                boolean giveUp = attempts >= MAX_ATTEMPTS;
                Instant next = giveUp ? null : now.plus(Duration.ofSeconds(30L << Math.min(attempts, 10)));
                outbox.update(new OutboxRow(row.id(), row.recipient(), row.subject(), row.textBody(), row.htmlBody(),
                        giveUp ? "failed" : "pending", attempts, e.getClass().getSimpleName() + ": " + e.getMessage(),
                        next, row.createdAt(), null));
                LOG.warn("mail not sent mailId={} attempts={} giveUp={} error={}", row.id(), attempts, giveUp, e.getClass().getSimpleName());
            }
        }
        return due.size();
    }

    private Session smtpSession() {
        MailConfig.Smtp smtp = config.smtp();
        Properties props = new Properties();
        props.put("mail.smtp.host", smtp.host());
        props.put("mail.smtp.port", Integer.toString(smtp.port()));
        props.put("mail.smtp.starttls.enable", Boolean.toString(smtp.starttls()));
        props.put("mail.smtp.connectiontimeout", "10000");
        props.put("mail.smtp.timeout", "10000");
        props.put("mail.smtp.writetimeout", "10000");
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

    private void send(Session session, OutboxRow row) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(config.from()));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(row.recipient()));
        message.setSubject(row.subject(), StandardCharsets.UTF_8.name());
        message.setText(row.textBody(), StandardCharsets.UTF_8.name());
        message.setSentDate(Date.from(clock.instant()));
        message.setHeader("Message-ID", "<" + row.id() + "@maillage>");
        Transport.send(message);
    }
}
