package fr.maillage.mail;

import fr.maillage.core.security.Caller;
import fr.maillage.core.security.Role;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
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
    private final Clock clock;

    MailService(OutboxRepository outbox, MailConfig config, Clock clock) {
        this.outbox = outbox;
        this.config = config;
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

    @Transactional
    public List<MailViews> outbox(Caller caller) {
        caller.requireRole(Role.ADMINISTRATOR);
        return outbox.newest(OUTBOX_PAGE).stream().map(MailViews::of).toList();
    }
}
