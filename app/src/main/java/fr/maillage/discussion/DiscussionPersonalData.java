package fr.maillage.discussion;

import fr.maillage.core.db.Sql;
import fr.maillage.core.privacy.PersonalData;
import java.util.UUID;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.io.IOException;
import fr.maillage.core.privacy.ExportWriter;
import fr.maillage.core.privacy.ExportRows;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

/**
 * Discussion's part of a deleted account. Posts stay in their threads under the tombstone's
 * name ("Ancien membre"), or, at the person's choice, become tombstones themselves (deleted,
 * text gone) so threads keep their shape. Either way every earlier revision of their posts is
 * purged, the text of posts they had already deleted is emptied, and their reactions, mentions,
 * reading marks, follows and guest access go.
 */
@Singleton
class DiscussionPersonalData implements PersonalData {
    private final Sql sql;

    DiscussionPersonalData(Sql sql) {
        this.sql = sql;
    }

    @Override
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void erase(Erasure erasure) {
        var id = erasure.userId();
        sql.update("DELETE FROM discussion_post_revision WHERE post_id IN (SELECT id FROM discussion_post WHERE author_id = ?)", id);
        if (erasure.deletePosts()) {
            sql.update("UPDATE discussion_thread SET solved_post_id = NULL WHERE solved_post_id IN "
                    + "(SELECT id FROM discussion_post WHERE author_id = ?)", id);
            sql.update("UPDATE discussion_post SET deleted_at = coalesce(deleted_at, ?) WHERE author_id = ?", erasure.at(), id);
        }
        sql.update("UPDATE discussion_post SET body = '', html = '' WHERE author_id = ? AND deleted_at IS NOT NULL", id);
        sql.update("DELETE FROM discussion_reaction WHERE user_id = ?", id);
        sql.update("DELETE FROM discussion_mention WHERE user_id = ?", id);
        sql.update("DELETE FROM discussion_read WHERE user_id = ?", id);
        sql.update("DELETE FROM discussion_follow WHERE user_id = ?", id);
        sql.update("DELETE FROM theme_guest WHERE user_id = ?", id);
    }

    /** Only what the person wrote or set: their threads, posts with every earlier version, reactions, follows. */
    @Override
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void export(ExportWriter export) throws IOException {
        var id = export.userId();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("threadsStarted", sql.list("SELECT id, theme_slug AS theme, kind, title, created_at FROM discussion_thread "
                + "WHERE author_id = ? ORDER BY created_at, id", ExportRows::row, id));
        List<Map<String, Object>> posts = sql.list("""
                SELECT p.id, p.thread_id, t.title AS thread_title, p.reply_to, p.body, p.created_at, p.edited_at, p.deleted_at
                FROM discussion_post p JOIN discussion_thread t ON t.id = p.thread_id
                WHERE p.author_id = ? ORDER BY p.created_at, p.id""", ExportRows::row, id);
        Map<String, List<Map<String, Object>>> revisions = new LinkedHashMap<>();
        for (Map<String, Object> r : sql.list("""
                SELECT r.post_id, r.revision, r.body, r.replaced_at FROM discussion_post_revision r
                JOIN discussion_post p ON p.id = r.post_id WHERE p.author_id = ? ORDER BY r.post_id, r.revision""", ExportRows::row, id)) {
            revisions.computeIfAbsent(String.valueOf(r.remove("postId")), k -> new java.util.ArrayList<>()).add(r);
        }
        for (Map<String, Object> post : posts) {
            post.put("earlierVersions", revisions.getOrDefault(String.valueOf(post.get("id")), List.of()));
        }
        out.put("posts", posts);
        out.put("reactions", sql.list("SELECT post_id, emoji, created_at FROM discussion_reaction WHERE user_id = ? ORDER BY created_at",
                ExportRows::row, id));
        out.put("follows", sql.list("SELECT target_kind, target, level FROM discussion_follow WHERE user_id = ? ORDER BY target_kind, target",
                ExportRows::row, id));
        out.put("readMarks", sql.list("SELECT thread_id, read_count, read_at FROM discussion_read WHERE user_id = ? ORDER BY read_at",
                ExportRows::row, id));
        out.put("guestOfThemes", sql.list("SELECT theme_slug FROM theme_guest WHERE user_id = ? ORDER BY theme_slug", rs -> rs.getString(1), id));
        export.json("discussion.json", out);
    }
}
