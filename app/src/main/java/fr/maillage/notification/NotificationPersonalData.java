package fr.maillage.notification;

import fr.maillage.core.db.Sql;
import fr.maillage.core.privacy.PersonalData;
import java.util.Map;
import java.util.LinkedHashMap;
import java.io.IOException;
import fr.maillage.core.privacy.ExportWriter;
import fr.maillage.core.privacy.ExportRows;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

/**
 * Notification's part of a deleted account: their notifications (and their private stream's
 * events), e-mail preferences, digests and reply addresses go; inbound mails they sent lose
 * the raw message and the link to them.
 */
@Singleton
class NotificationPersonalData implements PersonalData {
    private final Sql sql;

    NotificationPersonalData(Sql sql) {
        this.sql = sql;
    }

    @Override
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void erase(Erasure erasure) {
        var id = erasure.userId();
        sql.update("DELETE FROM notification WHERE recipient_id = ?", id);
        sql.update("DELETE FROM stream_event WHERE stream_id = ?", NotificationAccess.stream(id));
        sql.update("DELETE FROM notification_preference WHERE user_id = ?", id);
        sql.update("DELETE FROM notification_digest WHERE user_id = ?", id);
        sql.update("DELETE FROM notification_reply_address WHERE user_id = ?", id);
        sql.update("UPDATE notification_inbound_mail SET user_id = NULL, raw = NULL WHERE user_id = ?", id);
    }

    @Override
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void export(ExportWriter export) throws IOException {
        var id = export.userId();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("preferences", sql.one("""
                SELECT digest, digest_hour, digest_weekday, urgent_immediately, quiet_from, quiet_to, updated_at
                FROM notification_preference WHERE user_id = ?""", ExportRows::row, id).orElse(null));
        out.put("notifications", sql.list("""
                SELECT id, kind, link, data::text AS data, urgent, created_at, read_at, emailed_at FROM notification
                WHERE recipient_id = ? ORDER BY created_at, id""", ExportRows::row, id));
        export.json("notifications.json", out);
    }
}
