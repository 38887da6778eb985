package fr.maillage.core.stream;

import fr.maillage.core.db.Sql;
import fr.maillage.core.privacy.PersonalData;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

/** The stored answers to a deleted account's commands go with it. */
@Singleton
class IdempotencyPersonalData implements PersonalData {
    private final Sql sql;

    IdempotencyPersonalData(Sql sql) {
        this.sql = sql;
    }

    @Override
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void erase(Erasure erasure) {
        sql.update("DELETE FROM idempotency_key WHERE user_id = ?", erasure.userId());
    }
}
