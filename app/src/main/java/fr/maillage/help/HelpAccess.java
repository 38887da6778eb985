package fr.maillage.help;

import fr.maillage.core.socket.StreamAccess;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.util.UUID;
import java.util.List;

/**
 * Who reads a help request's private stream {@code help:<id>}: its requester, its helper once
 * one accepted, and facilitators and administrators only once the request has escalated or a
 * participant invited them (help_conversation_reader). Offered pioneers, paused or not, do not:
 * they see the request, never the conversation.
 */
@Singleton
public class HelpAccess implements StreamAccess {
    static final String PREFIX = "help:";
    private final JdbcOperations jdbc;

    HelpAccess(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<String> prefixes() {
        return List.of(PREFIX);
    }

    @Override
    @Transactional(readOnly = true)
    public boolean canRead(UUID userId, String stream) {
        UUID requestId;
        try {
            requestId = UUID.fromString(stream.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return canReadThread(userId, requestId);
    }

    @Transactional(readOnly = true)
    public boolean canReadThread(UUID userId, UUID requestId) {
        return jdbc.prepareStatement("""
                SELECT 1 FROM help_request r JOIN app_user u ON u.id = ?
                WHERE r.id = ? AND (r.requester_id = u.id OR r.helper_id = u.id
                    OR (u.role IN ('administrator', 'facilitator')
                        AND (r.escalated_at IS NOT NULL
                             OR EXISTS (SELECT 1 FROM help_conversation_reader c WHERE c.request_id = r.id AND c.reader_id = u.id))))
                """, ps -> {
            ps.setObject(1, userId);
            ps.setObject(2, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        });
    }

    static String stream(UUID requestId) {
        return PREFIX + requestId;
    }
}
