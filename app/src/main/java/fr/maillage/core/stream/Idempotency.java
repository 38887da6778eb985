package fr.maillage.core.stream;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * Idempotency keys of commands. {@link #claim} inserts the key first: a concurrent retry with
 * the same key waits on the unique index until the first transaction ends, then reads its
 * stored answer instead of doing the work twice.
 */
@Singleton
public class Idempotency {
    public static final int MAX_KEY_LENGTH = 64;
    private final JdbcOperations jdbc;
    private final Clock clock;

    Idempotency(JdbcOperations jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Empty when the key is new (the caller does the work, then {@link #complete}); else the stored answer. */
    @Transactional
    public Optional<String> claim(UUID userId, String key) {
        int inserted = jdbc.prepareStatement("INSERT INTO idempotency_key (user_id, key, created_at) VALUES (?, ?, ?) "
                + "ON CONFLICT DO NOTHING", ps -> {
            ps.setObject(1, userId);
            ps.setString(2, key);
            ps.setTimestamp(3, Timestamp.from(clock.instant()));
            return ps.executeUpdate();
        });
        if (inserted == 1) {
            return Optional.empty();
        }
        return Optional.of(jdbc.prepareStatement("SELECT result::text FROM idempotency_key WHERE user_id = ? AND key = ?", ps -> {
            ps.setObject(1, userId);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                String result = rs.getString(1);
                return result == null ? "null" : result;
            }
        }));
    }

    /** The stored answer of a completed key, without claiming it (empty: unknown or not completed). */
    @Transactional
    public Optional<String> find(UUID userId, String key) {
        return jdbc.prepareStatement("SELECT result::text FROM idempotency_key WHERE user_id = ? AND key = ? AND result IS NOT NULL", ps -> {
            ps.setObject(1, userId);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        });
    }

    @Transactional
    public void complete(UUID userId, String key, String resultJson) {
        jdbc.prepareStatement("UPDATE idempotency_key SET result = ?::jsonb WHERE user_id = ? AND key = ?", ps -> {
            ps.setString(1, resultJson);
            ps.setObject(2, userId);
            ps.setString(3, key);
            return ps.executeUpdate();
        });
    }
}
