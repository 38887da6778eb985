package fr.maillage.directory;

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

/** The directory's part of a deleted account: profile, competences, métiers and photo go. */
@Singleton
class DirectoryPersonalData implements PersonalData {
    private final Sql sql;

    DirectoryPersonalData(Sql sql) {
        this.sql = sql;
    }

    @Override
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void erase(Erasure erasure) {
        sql.update("DELETE FROM directory_photo WHERE user_id = ?", erasure.userId());
        sql.update("DELETE FROM directory_competence WHERE user_id = ?", erasure.userId());
        sql.update("DELETE FROM directory_metier WHERE user_id = ?", erasure.userId());
        sql.update("DELETE FROM directory_profile WHERE user_id = ?", erasure.userId());
        // Others' pioneer status stays confirmed; only who confirmed it is forgotten.
        sql.update("UPDATE directory_profile SET pioneer_confirmed_by = NULL WHERE pioneer_confirmed_by = ?", erasure.userId());
    }

    @Override
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void export(ExportWriter export) throws IOException {
        var id = export.userId();
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("profile", sql.one("""
                SELECT organisation, organisation_kind, bio, pioneer_declared, pioneer_confirmed_at, availability,
                       max_open_requests, languages, show_email, solved_count, updated_at
                FROM directory_profile WHERE user_id = ?""", ExportRows::row, id).orElse(null));
        profile.put("metiers", sql.list("SELECT competence_slug FROM directory_metier WHERE user_id = ? ORDER BY competence_slug",
                rs -> rs.getString(1), id));
        profile.put("competences", sql.list("SELECT competence_slug, mode FROM directory_competence WHERE user_id = ? ORDER BY competence_slug",
                ExportRows::row, id));
        export.json("profile.json", profile);
        var photo = sql.one("SELECT jpeg FROM directory_photo WHERE user_id = ?", rs -> rs.getBytes(1), id);
        if (photo.isPresent()) {
            export.file("photo.jpg", new java.io.ByteArrayInputStream(photo.get()));
        }
    }
}
