package fr.maillage.core.stream;

import fr.maillage.core.bus.BusMessage;
import fr.maillage.core.bus.EventBus;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.annotation.Transactional;
import io.micronaut.transaction.support.TransactionSynchronization;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Streams of events: append inside the writer's transaction, publish after its commit, read
 * back for replay. This is the only code that assigns sequence numbers.
 */
@Singleton
public class StreamService {
    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;
    private final EventBus bus;
    private final JsonMapper json;
    private final Clock clock;

    StreamService(JdbcOperations jdbc, TransactionOperations<Connection> transactions, EventBus bus, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.bus = bus;
        this.json = json;
        this.clock = clock;
    }

    /** Creates the stream if needed (idempotent); features call it when they create the owner. */
    @Transactional
    public void ensure(String stream) {
        jdbc.prepareStatement("INSERT INTO stream (id) VALUES (?) ON CONFLICT DO NOTHING", ps -> {
            ps.setString(1, stream);
            return ps.executeUpdate();
        });
    }

    /**
     * Appends an event to the stream in the current transaction and publishes it once that
     * transaction commits. {@code event} is serialised with its {@code type} as first member.
     */
    @Transactional
    public StreamEvent append(String stream, String type, Map<String, Object> event) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.putAll(event);
        String payload = write(body);
        Instant now = clock.instant();
        // One round trip: the stream row stays locked from here to commit, so every statement
        // saved here is time other writers of the stream do not wait.
        long seq = jdbc.prepareStatement("""
                WITH next AS (UPDATE stream SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq)
                INSERT INTO stream_event (stream_id, seq, type, payload, created_at)
                SELECT ?, next.last_seq, ?, ?::jsonb, ? FROM next RETURNING seq
                """, ps -> {
            ps.setString(1, stream);
            ps.setString(2, stream);
            ps.setString(3, type);
            ps.setString(4, payload);
            ps.setTimestamp(5, Timestamp.from(now));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("unknown stream " + stream);
                }
                return rs.getLong(1);
            }
        });
        StreamEvent stored = new StreamEvent(stream, seq, type, payload, now);
        transactions.findTransactionStatus().orElseThrow().registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                bus.publish(BusMessage.event(stored));
            }
        });
        return stored;
    }

    /** Events after {@code afterSeq}, in order, at most {@code limit}. */
    @Transactional(readOnly = true)
    public List<StreamEvent> since(String stream, long afterSeq, int limit) {
        return jdbc.prepareStatement("SELECT seq, type, payload::text, created_at FROM stream_event "
                + "WHERE stream_id = ? AND seq > ? ORDER BY seq LIMIT ?", ps -> {
            ps.setString(1, stream);
            ps.setLong(2, afterSeq);
            ps.setInt(3, limit);
            List<StreamEvent> events = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(new StreamEvent(stream, rs.getLong(1), rs.getString(2), rs.getString(3),
                            rs.getTimestamp(4).toInstant()));
                }
            }
            return events;
        });
    }

    /** The last committed sequence of the stream, or -1 when it does not exist. */
    @Transactional(readOnly = true)
    public long currentSeq(String stream) {
        return jdbc.prepareStatement("SELECT last_seq FROM stream WHERE id = ?", ps -> {
            ps.setString(1, stream);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1L;
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
}
