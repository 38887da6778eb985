package fr.maillage.workspace;

import fr.maillage.core.socket.StreamAccess;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.util.Optional;
import java.util.UUID;
import java.util.List;

/**
 * Who reads which workspace: its members only (guests included, when invited), whatever
 * their role in the network. A workspace's stream is 'workspace:<id>', each of its documents'
 * 'workspace-doc:<id>'.
 */
@Singleton
public class WorkspaceAccess implements StreamAccess {
    static final String WORKSPACE_PREFIX = "workspace:";
    static final String DOCUMENT_PREFIX = "workspace-doc:";
    private final JdbcOperations jdbc;

    WorkspaceAccess(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<String> prefixes() {
        return List.of(WORKSPACE_PREFIX, DOCUMENT_PREFIX);
    }

    @Override
    @Transactional(readOnly = true)
    public boolean canRead(UUID userId, String stream) {
        Optional<UUID> id = parse(stream.substring(stream.indexOf(':') + 1));
        if (id.isEmpty()) {
            return false;
        }
        return stream.startsWith(DOCUMENT_PREFIX)
                ? documentWorkspace(userId, id.get()).isPresent()
                : isMember(userId, id.get());
    }

    @Transactional(readOnly = true)
    public boolean isMember(UUID userId, UUID workspaceId) {
        return jdbc.prepareStatement("SELECT 1 FROM workspace_member WHERE workspace_id = ? AND user_id = ?", ps -> {
            ps.setObject(1, workspaceId);
            ps.setObject(2, userId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        });
    }

    /** The document's workspace when the person is one of its members. */
    @Transactional(readOnly = true)
    public Optional<UUID> documentWorkspace(UUID userId, UUID documentId) {
        return jdbc.prepareStatement("SELECT d.workspace_id FROM workspace_document d "
                + "JOIN workspace_member m ON m.workspace_id = d.workspace_id AND m.user_id = ? WHERE d.id = ?", ps -> {
            ps.setObject(1, userId);
            ps.setObject(2, documentId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of((UUID) rs.getObject(1)) : Optional.empty();
            }
        });
    }

    static String workspaceStream(UUID id) {
        return WORKSPACE_PREFIX + id;
    }

    static String documentStream(UUID id) {
        return DOCUMENT_PREFIX + id;
    }

    private static Optional<UUID> parse(String text) {
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
