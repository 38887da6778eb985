package fr.maillage.peersession;

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

/** Peer sessions' part of a deleted account: answers (seats freed), check-ins, follows, facilitation, calendar feed. */
@Singleton
class PeerSessionPersonalData implements PersonalData {
    private final PeerSessionService sessions;
    private final Sql sql;

    PeerSessionPersonalData(PeerSessionService sessions, Sql sql) {
        this.sessions = sessions;
        this.sql = sql;
    }

    @Override
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void erase(Erasure erasure) {
        sessions.forget(erasure.userId());
    }

    @Override
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void export(ExportWriter export) throws IOException {
        var id = export.userId();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("answers", sql.list("""
                SELECT r.occurrence_id, s.title, o.starts_at, o.ends_at, o.status AS occurrence_status, r.answer, r.seat, r.updated_at
                FROM session_rsvp r JOIN session_occurrence o ON o.id = r.occurrence_id JOIN session_series s ON s.id = o.series_id
                WHERE r.user_id = ? ORDER BY o.starts_at""", ExportRows::row, id));
        out.put("checkIns", sql.list("""
                SELECT p.occurrence_id, s.title, o.starts_at, p.checked_in_at FROM session_presence p
                JOIN session_occurrence o ON o.id = p.occurrence_id JOIN session_series s ON s.id = o.series_id
                WHERE p.user_id = ? ORDER BY o.starts_at""", ExportRows::row, id));
        out.put("seriesFollowed", sql.list("SELECT s.id, s.title FROM session_series_follow f JOIN session_series s ON s.id = f.series_id "
                + "WHERE f.user_id = ? ORDER BY s.title", ExportRows::row, id));
        out.put("seriesFacilitated", sql.list("SELECT s.id, s.title FROM session_facilitator f JOIN session_series s ON s.id = f.series_id "
                + "WHERE f.user_id = ? ORDER BY s.title", ExportRows::row, id));
        out.put("seriesCreated", sql.list("SELECT id, title, description, format, place, created_at FROM session_series "
                + "WHERE created_by = ? ORDER BY created_at", ExportRows::row, id));
        out.put("calendarFeed", sql.one("SELECT created_at FROM session_feed_token WHERE user_id = ?", ExportRows::row, id).orElse(null));
        export.json("peer-sessions.json", out);
    }
}
