package fr.maillage.help;

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
 * Help's part of a deleted account: their requests nobody accepted yet are withdrawn (with their
 * offers), the offers made to them go. Conversations already under way stay with the other
 * person, under "Ancien membre"; if the person chose to delete their posts, their messages go
 * and their requests keep no text.
 */
@Singleton
class HelpPersonalData implements PersonalData {
    private final Sql sql;

    HelpPersonalData(Sql sql) {
        this.sql = sql;
    }

    @Override
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void erase(Erasure erasure) {
        var id = erasure.userId();
        sql.update("DELETE FROM help_request WHERE requester_id = ? AND status = 'open'", id);
        sql.update("DELETE FROM help_offer WHERE pioneer_id = ?", id);
        if (erasure.deletePosts()) {
            sql.update("DELETE FROM help_message WHERE author_id = ?", id);
            sql.update("UPDATE help_request SET title = '—', need = '', thanks = NULL WHERE requester_id = ?", id);
        }
    }

    /**
     * Their requests, their own messages, the offers made to them and the requests they helped
     * with (titles only): never the other participant's messages.
     */
    @Override
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void export(ExportWriter export) throws IOException {
        var id = export.userId();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("requestsAsked", sql.list("""
                SELECT r.id, r.title, r.need, r.theme_slug AS theme, r.urgency, r.preferred_form, r.status, r.created_at,
                       r.accepted_at, r.solved_at, r.thanks,
                       ARRAY(SELECT c.competence_slug FROM help_request_competence c WHERE c.request_id = r.id ORDER BY 1) AS competences
                FROM help_request r WHERE r.requester_id = ? ORDER BY r.created_at""", ExportRows::row, id));
        out.put("myMessages", sql.list("""
                SELECT m.id, m.request_id, r.title AS request_title, m.body, m.created_at FROM help_message m
                JOIN help_request r ON r.id = m.request_id WHERE m.author_id = ? ORDER BY m.created_at, m.id""", ExportRows::row, id));
        out.put("offersReceived", sql.list("""
                SELECT o.request_id, r.title AS request_title, o.rank, o.score, o.wave, o.state, o.pass_reason, o.offered_at, o.responded_at
                FROM help_offer o JOIN help_request r ON r.id = o.request_id WHERE o.pioneer_id = ? ORDER BY o.offered_at""", ExportRows::row, id));
        out.put("requestsHelped", sql.list("SELECT id, title, status, accepted_at, solved_at FROM help_request WHERE helper_id = ? ORDER BY accepted_at",
                ExportRows::row, id));
        export.json("help.json", out);
    }
}
