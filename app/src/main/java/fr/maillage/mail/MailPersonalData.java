package fr.maillage.mail;

import fr.maillage.core.db.Sql;
import fr.maillage.core.privacy.PersonalData;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

/**
 * The outbox's part of a deleted account: every e-mail to their address goes, sent or not,
 * except one a worker is transmitting at this instant (it finishes, then is purged with the
 * rest of the outbox's history).
 */
@Singleton
class MailPersonalData implements PersonalData {
    private final Sql sql;

    MailPersonalData(Sql sql) {
        this.sql = sql;
    }

    @Override
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void erase(Erasure erasure) {
        sql.update("DELETE FROM mail_outbox WHERE lower(recipient) = lower(?) AND status <> 'sending'", erasure.email());
    }
}
