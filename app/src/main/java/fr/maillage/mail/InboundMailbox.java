package fr.maillage.mail;

import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.search.FlagTerm;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads the inbound mailbox over IMAP on every node: polled every {@code poll-interval}, and,
 * where the server supports IDLE (and {@code idle} is on), also watched by one thread per node
 * that drains the folder as soon as the server announces a message, so a reply lands within
 * seconds; the poll stays as the fallback when the IDLE connection breaks. A node that reads
 * a message hands it to the handlers, then deletes it. Two readers (nodes, or a node's poll
 * and its IDLE watcher) may read the same message before either deletes it: handlers key
 * their work by Message-ID, so it is handled once.
 */
@Singleton
public class InboundMailbox {
    private static final Logger LOG = LoggerFactory.getLogger(InboundMailbox.class);
    /** Servers may drop an IDLE after 30 minutes (RFC 2177): re-issue it well before. */
    private static final Duration IDLE_RENEW = Duration.ofMinutes(9);
    private static final Duration IDLE_RETRY = Duration.ofSeconds(30);

    private final InboundMailConfig config;
    private final List<InboundMailHandler> handlers;
    private volatile boolean stopped;
    private volatile Thread watcher;
    private volatile Store idleStore;

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
        try (Store store = connect(Duration.ofSeconds(10))) {
            Folder folder = store.getFolder(config.folder());
            folder.open(Folder.READ_WRITE);
            try {
                return drain(folder);
            } finally {
                folder.close(true);
            }
        }
    }

    /** Whether this node's IDLE watcher is connected and waiting (for specs and health). */
    public boolean idling() {
        return idleStore != null && idleStore.isConnected();
    }

    @EventListener
    void onStartup(ServerStartupEvent event) {
        if (config.configured() && config.idle() && watcher == null) {
            Thread thread = new Thread(this::watch, "inbound-mail-idle");
            thread.setDaemon(true);
            watcher = thread;
            thread.start();
        }
    }

    @PreDestroy
    void stop() {
        stopped = true;
        Store store = idleStore;
        if (store != null) {
            try {
                store.close();
            } catch (MessagingException e) {
                LOG.debug("inbound idle close failed");
            }
        }
        Thread thread = watcher;
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** The IDLE loop: drain, wait for the server's word, drain again; reconnect after a failure; stop if IDLE is unsupported. */
    private void watch() {
        ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "inbound-mail-idle-renew");
            t.setDaemon(true);
            return t;
        });
        try {
            while (!stopped) {
                try (Store store = connect(IDLE_RENEW.plusMinutes(1))) {
                    if (!(store instanceof IMAPStore imap) || !imap.hasCapability("IDLE")) {
                        LOG.info("inbound mailbox has no IDLE: polling only interval={}", config.pollInterval());
                        return;
                    }
                    idleStore = store;
                    IMAPFolder folder = (IMAPFolder) store.getFolder(config.folder());
                    folder.open(Folder.READ_WRITE);
                    LOG.info("inbound mailbox idle watching folder={}", config.folder());
                    // Any command from another thread ends a running IDLE; a NOOP does, harmlessly.
                    ScheduledFuture<?> renew = renewer.scheduleWithFixedDelay(() -> {
                        try {
                            folder.getMessageCount();
                        } catch (MessagingException | RuntimeException e) {
                            LOG.debug("inbound idle renew failed");
                        }
                    }, IDLE_RENEW.toSeconds(), IDLE_RENEW.toSeconds(), TimeUnit.SECONDS);
                    try {
                        while (!stopped && folder.isOpen()) {
                            if (drain(folder) > 0) {
                                folder.expunge();
                            }
                            folder.idle(true);
                        }
                    } finally {
                        renew.cancel(false);
                        if (folder.isOpen()) {
                            folder.close(true);
                        }
                    }
                } catch (MessagingException | RuntimeException e) {
                    if (!stopped) {
                        LOG.warn("inbound mailbox idle interrupted error={} retryIn={}", e.getClass().getSimpleName(), IDLE_RETRY);
                        sleep(IDLE_RETRY);
                    }
                } finally {
                    idleStore = null;
                }
            }
        } finally {
            renewer.shutdownNow();
        }
    }

    private Store connect(Duration readTimeout) throws MessagingException {
        String protocol = config.ssl() ? "imaps" : "imap";
        Properties props = new Properties();
        props.put("mail." + protocol + ".connectiontimeout", "10000");
        // Longer than IDLE_RENEW on the IDLE connection: the server is silent until a message comes.
        props.put("mail." + protocol + ".timeout", String.valueOf(readTimeout.toMillis()));
        Store store = Session.getInstance(props).getStore(protocol);
        store.connect(config.host(), config.port(), config.user(), config.password());
        return store;
    }

    private int drain(Folder folder) throws MessagingException {
        int handled = 0;
        for (Message message : folder.search(new FlagTerm(new Flags(Flags.Flag.DELETED), false))) {
            byte[] raw;
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                message.writeTo(out);
                raw = out.toByteArray();
            } catch (IOException | MessagingException e) {
                // another node may have expunged it meanwhile
                LOG.debug("inbound message unreadable error={}", e.getClass().getSimpleName());
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
                try {
                    message.setFlag(Flags.Flag.DELETED, true);
                } catch (MessagingException e) {
                    LOG.debug("inbound message already gone");
                }
                handled++;
            }
        }
        return handled;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
