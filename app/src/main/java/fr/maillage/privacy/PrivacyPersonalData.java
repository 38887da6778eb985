package fr.maillage.privacy;

import fr.maillage.core.privacy.PersonalData;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

/** A deleted account's exports go: rows in the deleting transaction, ZIP files once it commits. */
@Singleton
class PrivacyPersonalData implements PersonalData {
    private final ExportService exports;

    PrivacyPersonalData(ExportService exports) {
        this.exports = exports;
    }

    @Override
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void erase(Erasure erasure) {
        exports.forget(erasure.userId());
    }
}
