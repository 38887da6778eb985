package fr.maillage.workspace;

import fr.maillage.core.db.Sql;
import fr.maillage.core.privacy.ExportRows;
import fr.maillage.core.privacy.ExportWriter;
import fr.maillage.core.privacy.PersonalData;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Workspaces' part of a person's data. Deletion: memberships go, workspaces left without a
 * keeper pass to an administrator. Export: memberships, comments, links, the files they
 * uploaded (their bytes) and, per document they wrote in, the text they typed. Documents are
 * Yjs updates; the server has no Markdown rendering of a document, so the text is the strings
 * their own updates inserted, in order (docs/privacy.md).
 */
@Singleton
class WorkspacePersonalData implements PersonalData {
    private static final Logger LOG = LoggerFactory.getLogger(WorkspacePersonalData.class);

    private final WorkspaceService workspaces;
    private final Sql sql;
    private final FileStore files;

    WorkspacePersonalData(WorkspaceService workspaces, Sql sql, FileStore files) {
        this.workspaces = workspaces;
        this.sql = sql;
        this.files = files;
    }

    @Override
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void erase(Erasure erasure) {
        workspaces.forget(erasure.userId(), erasure.heir(), erasure.deletePosts(), erasure.at());
    }

    @Override
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void export(ExportWriter export) throws IOException {
        UUID id = export.userId();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("memberships", sql.list("""
                SELECT w.id, w.name, w.purpose, m.joined_at FROM workspace_member m JOIN workspace w ON w.id = m.workspace_id
                WHERE m.user_id = ? ORDER BY m.joined_at""", ExportRows::row, id));
        out.put("comments", sql.list("""
                SELECT c.id, d.title AS document, c.parent_id, c.quote, c.body, c.created_at, c.resolved_at FROM workspace_comment c
                JOIN workspace_document d ON d.id = c.document_id WHERE c.author_id = ? ORDER BY c.created_at, c.id""", ExportRows::row, id));
        out.put("links", sql.list("""
                SELECT l.id, w.name AS workspace, l.url, l.title, l.created_at, l.removed_at FROM workspace_link l
                JOIN workspace w ON w.id = l.workspace_id WHERE l.added_by = ? ORDER BY l.created_at""", ExportRows::row, id));
        List<Map<String, Object>> uploaded = sql.list("""
                SELECT f.id, w.name AS workspace, f.name, f.media_type, f.size, f.sha256, f.created_at, f.removed_at FROM workspace_file f
                JOIN workspace w ON w.id = f.workspace_id WHERE f.uploaded_by = ? ORDER BY f.created_at, f.id""", ExportRows::row, id);
        for (Map<String, Object> file : uploaded) {
            String sha = (String) file.remove("sha256");
            if (file.get("removedAt") == null && files.exists(sha)) {
                String path = "files/" + ExportRows.fileName((String) file.get("workspace")) + "/" + ExportRows.fileName((String) file.get("name"));
                export.file(path, files.open(sha).content());
                file.put("inThisArchive", path);
            }
        }
        out.put("filesUploaded", uploaded);
        List<Map<String, Object>> documents = sql.list("""
                SELECT d.id, d.title, w.name AS workspace, count(*) AS my_changes, min(u.created_at) AS first_change, max(u.created_at) AS last_change
                FROM workspace_update u JOIN workspace_document d ON d.id = u.document_id JOIN workspace w ON w.id = d.workspace_id
                WHERE u.author_id = ? GROUP BY d.id, d.title, w.name ORDER BY min(u.created_at)""", ExportRows::row, id);
        for (Map<String, Object> document : documents) {
            UUID documentId = UUID.fromString(String.valueOf(document.get("id")));
            String path = "documents/" + ExportRows.fileName(document.get("workspace") + " - " + document.get("title")) + ".md";
            export.text(path, typedText(documentId, id, (String) document.get("title"), export.language()));
            document.put("inThisArchive", path);
        }
        out.put("documentsContributedTo", documents);
        export.json("workspaces.json", out);
    }

    private String typedText(UUID documentId, UUID userId, String title, String language) {
        StringBuilder text = new StringBuilder("# ").append(title).append("\n\n");
        text.append("en".equals(language)
                ? "> What you typed in this document, in the order you typed it (text you or others later deleted included).\n> It is not the document as it reads now: see README.txt.\n\n"
                : "> Ce que vous avez tapé dans ce document, dans l’ordre de la saisie (y compris le texte effacé ensuite).\n> Ce n’est pas le document tel qu’il se lit aujourd’hui : voir README.txt.\n\n");
        List<byte[]> payloads = sql.list("SELECT payload FROM workspace_update WHERE document_id = ? AND author_id = ? ORDER BY seq",
                rs -> rs.getBytes(1), documentId, userId);
        for (byte[] payload : payloads) {
            try {
                YjsUpdate.insertedTexts(payload).forEach(text::append);
            } catch (YjsUpdate.Malformed e) {
                LOG.warn("export skipped an unreadable update documentId={}", documentId);
            }
        }
        return text.append('\n').toString();
    }
}
