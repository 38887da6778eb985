package fr.maillage.mail;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.search.FlagTerm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Properties;

/**
 * Reads the inbound mailbox over IMAP on every node (polled; a node that finds a message hands
 * it to the handlers, then deletes it). Two nodes may read the same message before either
 * deletes it: handlers key their work by Message-ID, so it is handled once.
 */
@Singleton
public class InboundMailbox {
    private static final Logger LOG = LoggerFactory.getLogger(InboundMailbox.class);

    private final InboundMailConfig config;
    private final List<InboundMailHandler> handlers;

    InboundMailbox(InboundMailConfig config, List<InboundMailHandler> handlers) {
        this.config = config;
        this.handlers = handlers;
    }

    @Scheduled(fixedDelay = "${maillage.mail.inbound.poll-interval:1m}", initialDelay = "10s")
    void scheduled() {
        if (config.configured()) {
            try {
                poll();
            } catch (MessagingException | RuntimeException e) {
                LOG.warn("inbound mailbox unreachable error={}", e.getClass().getSimpleName());
            }
        }
    }

    /** One pass over the folder; returns how many messages it handed over. */
    public int poll() throws MessagingException {
        String protocol = config.ssl() ? "imaps" : "imap";
        Properties props = new Properties();
        props.put("mail." + protocol + ".connectiontimeout", "10000");
        props.put("mail." + protocol + ".timeout", "10000");
        Session session = Session.getInstance(props);
        int handled = 0;
        try (Store store = session.getStore(protocol)) {
            store.connect(config.host(), config.port(), config.user(), config.password());
            Folder folder = store.getFolder(config.folder());
            folder.open(Folder.READ_WRITE);
            try {
                for (Message message : folder.search(new FlagTerm(new Flags(Flags.Flag.DELETED), false))) {
                    byte[] raw;
                    try {
                        ByteArrayOutputStream out = new ByteArrayOutputStream();
                        message.writeTo(out);
                        raw = out.toByteArray();
                    } catch (IOException e) {
                        LOG.warn("inbound message unreadable error={}", e.getClass().getSimpleName());
                        continue;
                    }
                    boolean ok = true;
                    for (InboundMailHandler handler : handlers) {
                        try {
                            handler.handle(raw);
                        } catch (RuntimeException e) {
                            ok = false;  // stays in the mailbox: the next pass tries again
                            LOG.warn("inbound message not handled handler={} error={}", handler.getClass().getSimpleName(),
                                    e.getClass().getSimpleName(), e);
                        }
                    }
                    if (ok) {
                        message.setFlag(Flags.Flag.DELETED, true);
                        handled++;
                    }
                }
            } finally {
                folder.close(true);
            }
        }
        return handled;
    }
}
