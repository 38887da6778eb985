package fr.maillage.core.stream;

import fr.maillage.core.error.ProblemException;
import fr.maillage.core.error.ProblemType;
import fr.maillage.core.socket.SocketCommandHandler.CommandResult;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The one idempotency helper of every command, socket and HTTP. A key is stored per caller under
 * a unique (user_id, key) constraint with the command type, a fingerprint of the command's
 * payload (SHA-256 of a canonical JSON: keys sorted, every {@code idempotencyKey} field left
 * out) and the answer.
 * <ul>
 * <li>{@link #claim} inserts the key first, inside the command's transaction: a concurrent retry
 * with the same key waits on the unique index until the first transaction ends, then reads its
 * stored answer instead of doing the work twice (a rolled-back first attempt frees the key).</li>
 * <li>The same key, command and payload answers the stored answer: nothing is created, nothing
 * published.</li>
 * <li>The same key with another command or other content is a 409
 * {@code /problems/idempotency-key-reused}, on HTTP and on the socket alike.</li>
 * <li>Keys older than {@code maillage.idempotency.retention} count as new and are purged by
 * {@link IdempotencyPurge}.</li>
 * </ul>
 * A null key (optional on some HTTP commands) claims nothing: the command simply runs.
 */
@Singleton
public class Idempotency {
    public static final int MAX_KEY_LENGTH = 64;
    private static final String KEY_FIELD = "idempotencyKey";

    private final JdbcOperations jdbc;
    private final JsonMapper json;
    private final IdempotencyConfig config;
    private final Clock clock;

    Idempotency(JdbcOperations jdbc, JsonMapper json, IdempotencyConfig config, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Empty when the key is new (or null): the caller does the work, then {@link #complete}s
     * the key in the same transaction. Else the stored answer (JSON) of this very command.
     *
     * @throws ProblemException 409 idempotency-key-reused when the key was used for another
     *                          command type or another payload
     */
    @Transactional
    public Optional<String> claim(UUID userId, @Nullable String key, String command, Object payload) {
        if (key == null) {
            return Optional.empty();
        }
        String fingerprint = fingerprint(payload);
        Instant now = clock.instant();
        // a key past its retention that the purge has not reached yet is taken as new
        int inserted = jdbc.prepareStatement("""
                INSERT INTO idempotency_key (user_id, key, command, fingerprint, created_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (user_id, key) DO UPDATE SET command = EXCLUDED.command, fingerprint = EXCLUDED.fingerprint,
                    created_at = EXCLUDED.created_at, result = NULL
                WHERE idempotency_key.created_at < ?""", ps -> {
            ps.setObject(1, userId);
            ps.setString(2, key);
            ps.setString(3, command);
            ps.setString(4, fingerprint);
            ps.setTimestamp(5, Timestamp.from(now));
            ps.setTimestamp(6, Timestamp.from(now.minus(config.retention())));
            return ps.executeUpdate();
        });
        if (inserted == 1) {
            return Optional.empty();
        }
        Stored stored = read(userId, key).orElseThrow();
        // an empty command is a key stored before keys were bound: it replays as it always did
        if (!stored.command().isEmpty() && !(stored.command().equals(command) && stored.fingerprint().equals(fingerprint))) {
            throw reused(stored.command().equals(command));
        }
        return Optional.of(stored.result() == null ? "null" : stored.result());
    }

    /** {@link #claim}, the stored answer read back as {@code answerType}. */
    @Transactional
    public <T> Optional<T> claim(UUID userId, @Nullable String key, String command, Object payload, Class<T> answerType) {
        return claim(userId, key, command, payload).map(stored -> readValue(stored, answerType));
    }

    /**
     * {@link #claim} for a command whose answer is a {@link CommandResult} (socket commands and
     * their HTTP twins): empty when new, else the stored sequence and result.
     */
    @Transactional
    public Optional<CommandResult> replay(UUID userId, @Nullable String key, String command, Object payload) {
        return claim(userId, key, command, payload).map(stored -> {
            Map<?, ?> answer = readValue(stored, Map.class);
            Object seq = answer == null ? null : answer.get("seq");
            return new CommandResult(seq == null ? null : ((Number) seq).longValue(), answer == null ? null : answer.get("result"));
        });
    }

    /**
     * The stored answer of a completed key of this command, payload not compared: for a
     * command sent in parts, whose repeated part cannot be compared with the whole.
     *
     * @throws ProblemException 409 when the key belongs to another command
     */
    @Transactional
    public Optional<String> find(UUID userId, String key, String command) {
        Instant cutoff = clock.instant().minus(config.retention());
        return read(userId, key).filter(stored -> stored.result() != null && !stored.createdAt().isBefore(cutoff)).map(stored -> {
            if (!stored.command().isEmpty() && !stored.command().equals(command)) {
                throw reused(false);
            }
            return stored.result();
        });
    }

    /** Stores the answer under a key this transaction claimed (no-op for a null key). */
    @Transactional
    public void complete(UUID userId, @Nullable String key, Object answer) {
        if (key == null) {
            return;
        }
        String answerJson = write(answer);
        jdbc.prepareStatement("UPDATE idempotency_key SET result = ?::jsonb WHERE user_id = ? AND key = ?", ps -> {
            ps.setString(1, answerJson);
            ps.setObject(2, userId);
            ps.setString(3, key);
            return ps.executeUpdate();
        });
    }

    /** {@link #complete} for a {@link CommandResult}; returns it. */
    @Transactional
    public CommandResult remember(UUID userId, @Nullable String key, CommandResult result) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("seq", result.seq());
        answer.put("result", result.result());
        complete(userId, key, answer);
        return result;
    }

    /** Deletes the keys older than the retention; returns how many. */
    @Transactional
    public int purgeExpired() {
        Timestamp cutoff = Timestamp.from(clock.instant().minus(config.retention()));
        return jdbc.prepareStatement("DELETE FROM idempotency_key WHERE created_at < ?", ps -> {
            ps.setTimestamp(1, cutoff);
            return ps.executeUpdate();
        });
    }

    /** SHA-256 (hex) of the payload's canonical JSON: object keys sorted, idempotencyKey fields left out. */
    public String fingerprint(Object payload) {
        Map<?, ?> wrapped = readValue(write(Map.of("p", payload == null ? Map.of() : payload)), Map.class);
        byte[] canonical = write(canonical(wrapped.get("p"))).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object canonical(Object value) {
        if (value instanceof Map<?, ?> map) {
            TreeMap<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> {
                if (!KEY_FIELD.equals(k) && v != null) {
                    sorted.put(String.valueOf(k), canonical(v));
                }
            });
            return sorted;
        }
        if (value instanceof List<?> list) {
            List<Object> items = new ArrayList<>(list.size());
            list.forEach(item -> items.add(canonical(item)));
            return items;
        }
        return value;
    }

    private static ProblemException reused(boolean sameCommand) {
        return ProblemException.of(ProblemType.IDEMPOTENCY_KEY_REUSED, sameCommand
                ? "This idempotency key was already used for this command with other content"
                : "This idempotency key was already used for another command");
    }

    private record Stored(String command, String fingerprint, @Nullable String result, Instant createdAt) {
    }

    private Optional<Stored> read(UUID userId, String key) {
        return jdbc.prepareStatement("SELECT command, fingerprint, result::text, created_at FROM idempotency_key "
                + "WHERE user_id = ? AND key = ?", ps -> {
            ps.setObject(1, userId);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Stored(rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant()))
                        : Optional.empty();
            }
        });
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T readValue(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
