package fr.maillage.identity;

import fr.maillage.core.db.Sql;
import fr.maillage.core.privacy.ExportRows;
import fr.maillage.core.privacy.ExportWriter;
import fr.maillage.core.privacy.PersonalData;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The account in an export: its basics and its sessions. Deletion of identity's own rows is
 * {@link AccountDeletionService}'s last step, after every feature's erase, so nothing here.
 */
@Singleton
class IdentityPersonalData implements PersonalData {
    private final Sql sql;

    IdentityPersonalData(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void erase(Erasure erasure) {
        // AccountDeletionService anonymises the account row and ends the sessions itself.
    }

    @Override
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void export(ExportWriter export) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("account", sql.one("""
                SELECT id, email, display_name, role, territory_code, time_zone, language, created_at, last_seen_at
                FROM app_user WHERE id = ?""", ExportRows::row, export.userId()).orElse(null));
        out.put("sessions", sql.list("SELECT created_at, last_seen_at, expires_at FROM user_session WHERE user_id = ? ORDER BY created_at",
                ExportRows::row, export.userId()));
        export.json("account.json", out);
    }
}
