package fr.maillage.resource;

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
 * Resources' part of a deleted account: unpublished proposals go, "Utile" marks go, adaptations
 * keep their count but lose the person. Published resources are the network's shared capital:
 * they stay, under "Ancien membre" (the anonymised account), with the authors as written.
 */
@Singleton
class ResourcePersonalData implements PersonalData {
    private final Sql sql;

    ResourcePersonalData(Sql sql) {
        this.sql = sql;
    }

    @Override
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void erase(Erasure erasure) {
        var id = erasure.userId();
        sql.update("DELETE FROM resource WHERE proposer_id = ? AND status <> 'published'", id);
        sql.update("DELETE FROM resource_useful WHERE user_id = ?", id);
        sql.update("UPDATE resource_adaptation SET user_id = NULL WHERE user_id = ?", id);
    }

    /** Their proposals (every status, with the text), their "Utile" marks and their adaptations. */
    @Override
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void export(ExportWriter export) throws IOException {
        var id = export.userId();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("proposed", sql.list("""
                SELECT r.id, r.title, r.summary, r.body, r.link, r.door, r.format, r.maturity, r.minutes, r.licence, r.status,
                       r.review_comment, r.created_at, r.updated_at, r.published_at,
                       ARRAY(SELECT l.theme_slug FROM resource_lever l WHERE l.resource_id = r.id ORDER BY 1) AS levers
                FROM resource r WHERE r.proposer_id = ? ORDER BY r.created_at""", ExportRows::row, id));
        out.put("markedUseful", sql.list("""
                SELECT u.resource_id, r.title, u.created_at FROM resource_useful u JOIN resource r ON r.id = u.resource_id
                WHERE u.user_id = ? ORDER BY u.created_at""", ExportRows::row, id));
        out.put("adaptations", sql.list("""
                SELECT a.resource_id, r.title, a.document_id, a.territory_code, a.created_at FROM resource_adaptation a
                JOIN resource r ON r.id = a.resource_id WHERE a.user_id = ? ORDER BY a.created_at""", ExportRows::row, id));
        export.json("resources.json", out);
    }
}
