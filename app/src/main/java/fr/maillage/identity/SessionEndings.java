package fr.maillage.identity;

import fr.maillage.core.socket.Hub;
import fr.maillage.identity.IdentityRepositories.SessionRepository;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.annotation.Transactional;
import io.micronaut.transaction.support.TransactionSynchronization;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;

/**
 * The one way sessions end: the rows go in the caller's transaction, and once it commits every
 * node closes the sockets of the ended sessions (close code 4401). A rolled-back change ends
 * nothing.
 */
@Singleton
class SessionEndings {
    private static final Logger LOG = LoggerFactory.getLogger(SessionEndings.class);

    private final SessionRepository sessions;
    private final Hub hub;
    private final TransactionOperations<?> transactions;
    // A provider: notification's beans reach identity's, so this is looked up when needed.
    private final jakarta.inject.Provider<fr.maillage.notification.NotificationReplyTokens> replyTokens;

    SessionEndings(SessionRepository sessions, Hub hub, TransactionOperations<?> transactions,
                   jakarta.inject.Provider<fr.maillage.notification.NotificationReplyTokens> replyTokens) {
        this.replyTokens = replyTokens;
        this.sessions = sessions;
        this.hub = hub;
        this.transactions = transactions;
    }

    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    void endOne(UUID userId, UUID sessionId) {
        sessions.deleteById(sessionId);
        announce(userId, "sign-out");
    }

    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    void endAll(UUID userId, String why) {
        sessions.deleteAllOfUser(userId);
        // Reply-by-e-mail addresses act as the person: they end with every session.
        replyTokens.get().revokeFor(userId);
        announce(userId, why);
    }

    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    void endAllBut(UUID userId, UUID keep, String why) {
        sessions.deleteOthersOfUser(userId, keep);
        replyTokens.get().revokeFor(userId);
        announce(userId, why);
    }

    private void announce(UUID userId, String why) {
        transactions.findTransactionStatus().orElseThrow().registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                LOG.info("sessions ended userId={} reason={}", userId, why);
                hub.sessionsEnded(userId);
            }
        });
    }
}
