package fr.maillage.core.bus;

import fr.maillage.core.stream.StreamEvent;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * What travels between nodes: a committed stream event (kind "event"), or an ephemeral
 * frame for a stream's subscribers or for every signed-in socket (typing, presence).
 * {@code origin} is the publishing node, so it can skip its own echo from Redis.
 */
@Serdeable
public record BusMessage(String kind, @Nullable String origin, @Nullable StreamEvent event,
                         @Nullable String stream, @Nullable String frame) {
    public static final String EVENT = "event";
    public static final String EPHEMERAL = "ephemeral";
    public static final String BROADCAST = "broadcast";
    /** Someone's role or memberships changed: every node re-checks their subscriptions. */
    public static final String ACCESS = "access";
    /** Some of someone's sessions ended: every node closes the sockets of the ended ones. */
    public static final String SESSIONS = "sessions";

    public static BusMessage event(StreamEvent event) {
        return new BusMessage(EVENT, null, event, event.stream(), null);
    }

    public static BusMessage ephemeral(String stream, String frame) {
        return new BusMessage(EPHEMERAL, null, null, stream, frame);
    }

    public static BusMessage broadcast(String frame) {
        return new BusMessage(BROADCAST, null, null, null, frame);
    }

    public static BusMessage accessChanged(java.util.UUID userId) {
        return new BusMessage(ACCESS, null, null, userId.toString(), null);
    }

    public static BusMessage sessionsEnded(java.util.UUID userId) {
        return new BusMessage(SESSIONS, null, null, userId.toString(), null);
    }

    public BusMessage from(String node) {
        return new BusMessage(kind, node, event, stream, frame);
    }
}
