package fr.maillage.core.socket;

import fr.maillage.core.bus.BusMessage;
import fr.maillage.core.bus.EventBus;
import fr.maillage.core.security.SessionResolver;
import fr.maillage.core.stream.StreamEvent;
import fr.maillage.core.stream.StreamService;
import io.micronaut.json.JsonMapper;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * This node's socket hub. Each stream has one {@link Channel} whose state (its subscribers and
 * the last sequence they were all sent) is touched only by the channel's serial executor: the
 * single owner. Events from the bus, subscriptions and replays all pass through it, so every
 * subscriber gets every sequence once, in order; a gap (a message Redis dropped, or two
 * commits published out of order) is filled from PostgreSQL before going on.
 */
@Singleton
public class Hub {
    private static final Logger LOG = LoggerFactory.getLogger(Hub.class);

    private final StreamService streams;
    private final EventBus bus;
    private final JsonMapper json;
    private final LiveConfig config;
    private final List<StreamAccess> access;
    private final Presence presence;
    // A provider: identity's services announce ended sessions through the hub.
    private final jakarta.inject.Provider<SessionResolver> sessions;
    private final ExecutorService pool;
    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private final Map<String, Peer> peers = new ConcurrentHashMap<>();
    private final Map<UUID, AtomicInteger> socketsPerUser = new ConcurrentHashMap<>();
    /** Guests see only their circle's presence frames (issue 14). */
    @jakarta.inject.Inject
    PresenceAudience presenceAudience;

    Hub(StreamService streams, EventBus bus, JsonMapper json, LiveConfig config, List<StreamAccess> access, Presence presence,
        jakarta.inject.Provider<SessionResolver> sessions) {
        this.presence = presence;
        this.sessions = sessions;
        this.streams = streams;
        this.bus = bus;
        this.json = json;
        this.config = config;
        this.access = access;
        StreamAccess.requireDisjoint(access);
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(config.hubThreadCount(), r -> {
            Thread t = new Thread(r, "hub-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        bus.onMessage(this::onBusMessage);
    }

    // ---- sockets -------------------------------------------------------------------------

    void register(Peer peer) {
        peers.put(peer.id(), peer);
        int count = socketsPerUser.computeIfAbsent(peer.caller().userId(), id -> new AtomicInteger()).incrementAndGet();
        if (count == 1) {
            presence.online(peer.caller().userId());
            bus.publish(BusMessage.broadcast(presence(peer.caller().userId(), true)));
        }
    }

    void unregister(Peer peer) {
        if (peers.remove(peer.id()) == null) {
            return;
        }
        peer.markClosed();
        for (String stream : peer.streams) {
            Channel channel = channels.get(stream);
            if (channel != null) {
                channel.executor.execute(() -> channel.subscribers.remove(peer));
            }
        }
        AtomicInteger count = socketsPerUser.get(peer.caller().userId());
        if (count != null && count.decrementAndGet() <= 0) {
            socketsPerUser.remove(peer.caller().userId(), count);
            // Offline only when no node has a socket of theirs any more.
            if (presence.offline(peer.caller().userId())) {
                bus.publish(BusMessage.broadcast(presence(peer.caller().userId(), false)));
            }
        }
    }

    Peer peer(String socketId) {
        return peers.get(socketId);
    }

    /**
     * Closes sockets that sent nothing for {@code silenceSeconds}: clients ping every 25 s, so
     * silence means a dead peer whose TCP connection has not failed yet.
     */
    @io.micronaut.scheduling.annotation.Scheduled(fixedDelay = "${maillage.live.sweep-interval:15s}", initialDelay = "1s")
    void sweep() {
        closeSilentSockets();
        closeEndedSessions(List.copyOf(peers.values()));
        dropIdleChannels();
    }

    /**
     * Forgets the streams nobody on this node has followed for {@code maillage.live.channel-idle}
     * (a survey closed long ago, a help conversation finished): each channel decides on its own
     * executor, so a subscription racing with the drop lands on a new channel, never on the old one.
     */
    void dropIdleChannels() {
        long now = System.nanoTime();
        long idle = config.channelIdle().toNanos();
        channels.forEach((stream, channel) -> channel.executor.execute(() -> {
            if (channel.dropped) {
                return;
            }
            if (!channel.subscribers.isEmpty()) {
                channel.lastFollowed = now;
            } else if (now - channel.lastFollowed >= idle) {
                channel.dropped = true;
                channels.remove(stream, channel);
            }
        }));
    }

    /** How many streams this node's hub keeps a channel for. */
    int channelCount() {
        return channels.size();
    }

    void closeSilentSockets() {
        long limit = java.time.Duration.ofSeconds(config.silenceSeconds()).toNanos();
        for (Peer peer : peers.values()) {
            if (peer.isClosed()) {
                // Closed by us (too slow, silent) but the close handshake is stuck behind unread
                // data: forget it now rather than when TCP gives up.
                unregister(peer);
            } else if (peer.silentNanos() > limit) {
                LOG.info("silent socket closed socketId={} userId={}", peer.id(), peer.caller().userId());
                peer.close(new io.micronaut.websocket.CloseReason(4000, "silent"));
            }
        }
    }

    public int connectedSockets() {
        return peers.size();
    }

    /** Whether this person may read the stream, asked of the feature that owns it. */
    boolean canRead(UUID userId, String stream) {
        for (StreamAccess a : access) {
            if (a.owns(stream)) {
                return a.canRead(userId, stream);
            }
        }
        return false;
    }

    /**
     * Subscribes the peer to the stream after {@code after} (null: live only). Runs on the
     * channel's owner: first brings the channel up to the committed sequence, then replays
     * the peer's gap from PostgreSQL (or sends resync), then adds it to the live set.
     */
    void subscribe(Peer peer, String stream, Long after) {
        Channel channel = channels.computeIfAbsent(stream, Channel::new);
        peer.streams.add(stream);
        channel.executor.execute(() -> {
            if (peer.isClosed()) {
                return;
            }
            if (channel.dropped) {
                subscribe(peer, stream, after); // forgotten meanwhile: onto the stream's new channel
                return;
            }
            channel.catchUp(streams.currentSeq(stream));
            long from = after == null ? channel.cursor : after;
            if (from > channel.cursor || channel.cursor - from > config.maxReplay()) {
                peer.send(frame(Map.of("type", "resync", "stream", stream, "seq", channel.cursor)));
            } else if (from < channel.cursor) {
                for (StreamEvent event : streams.since(stream, from, (int) (channel.cursor - from))) {
                    peer.send(eventFrame(event));
                }
            }
            channel.subscribers.add(peer);
        });
    }

    void unsubscribe(Peer peer, String stream) {
        peer.streams.remove(stream);
        Channel channel = channels.get(stream);
        if (channel != null) {
            channel.executor.execute(() -> channel.subscribers.remove(peer));
        }
    }

    /** Announces, on every node, that this person's access changed (call after commit). */
    public void accessChanged(UUID userId) {
        bus.publish(BusMessage.accessChanged(userId));
    }

    /**
     * Announces, on every node, that some of this person's sessions ended (call after commit):
     * each node closes the sockets of those sessions with 4401. Redis may drop the message, so
     * the periodic sweep and the check before each command close them all the same.
     */
    public void sessionsEnded(UUID userId) {
        bus.publish(BusMessage.sessionsEnded(userId));
    }

    /** Closes, with 4401, the sockets among these whose session is no longer open. */
    private void closeEndedSessions(List<Peer> candidates) {
        if (candidates.isEmpty()) {
            return;
        }
        Set<UUID> open;
        try {
            open = sessions.get().stillOpen(candidates.stream().map(p -> p.caller().sessionId()).collect(java.util.stream.Collectors.toSet()));
        } catch (RuntimeException e) {
            // The database is away: keep the sockets; each command checks its session anyway.
            LOG.warn("session check failed error={}", e.getClass().getSimpleName());
            return;
        }
        for (Peer peer : candidates) {
            if (!open.contains(peer.caller().sessionId())) {
                signOut(peer);
            }
        }
    }

    /** Ends a socket whose session ended: 4401, which the client answers by showing sign-in. */
    void signOut(Peer peer) {
        LOG.info("socket of ended session closed socketId={} userId={}", peer.id(), peer.caller().userId());
        peer.closeAfterQueued(SIGNED_OUT, () -> unregister(peer));
    }

    static final io.micronaut.websocket.CloseReason SIGNED_OUT = new io.micronaut.websocket.CloseReason(4401, "signed out");

    /** Re-asks the owners whether this person may still read what they subscribed to. */
    void recheckAccess(UUID userId) {
        for (Peer peer : peers.values()) {
            if (!peer.caller().userId().equals(userId)) {
                continue;
            }
            for (String stream : List.copyOf(peer.streams)) {
                pool.execute(() -> {
                    if (!canRead(userId, stream)) {
                        unsubscribe(peer, stream);
                        peer.send(frame(Map.of("type", "unsubscribed", "stream", stream, "reason", "access")));
                    }
                });
            }
        }
    }

    /** Typing and other ephemeral signals for a stream's subscribers, on every node. */
    public void publishEphemeral(String stream, Map<String, Object> frame) {
        bus.publish(BusMessage.ephemeral(stream, frame(frame)));
    }

    // ---- bus -----------------------------------------------------------------------------

    private void onBusMessage(BusMessage message) {
        switch (message.kind()) {
            case BusMessage.EVENT -> {
                StreamEvent event = message.event();
                Channel channel = channels.get(event.stream());
                if (channel != null) {
                    channel.executor.execute(() -> channel.deliver(event));
                }
            }
            case BusMessage.EPHEMERAL -> {
                Channel channel = channels.get(message.stream());
                if (channel != null) {
                    OutFrame frame = OutFrame.of(message.frame());
                    channel.executor.execute(() -> channel.subscribers.forEach(p -> p.send(frame)));
                }
            }
            case BusMessage.BROADCAST -> {
                OutFrame frame = OutFrame.of(message.frame());
                java.util.function.Predicate<fr.maillage.core.security.Caller> readers = presenceAudience.of(message.frame());
                peers.values().stream().filter(p -> readers.test(p.caller())).forEach(p -> p.send(frame));
            }
            case BusMessage.ACCESS -> recheckAccess(UUID.fromString(message.stream()));
            case BusMessage.SESSIONS -> {
                UUID userId = UUID.fromString(message.stream());
                List<Peer> theirs = peers.values().stream().filter(p -> p.caller().userId().equals(userId)).toList();
                if (!theirs.isEmpty()) {
                    pool.execute(() -> closeEndedSessions(theirs));
                }
            }
            default -> LOG.warn("unknown bus message kind={}", message.kind());
        }
    }

    // ---- frames --------------------------------------------------------------------------

    String frame(Map<String, Object> frame) {
        try {
            return json.writeValueAsString(frame);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The payload is already JSON: wrap it without parsing it again. */
    static String eventFrame(StreamEvent event) {
        return "{\"type\":\"event\",\"stream\":" + quote(event.stream()) + ",\"seq\":" + event.seq()
                + ",\"event\":" + event.payload() + "}";
    }

    private static String quote(String s) {
        // stream ids are feature:slug or feature:uuid; escape defensively anyway
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private String presence(UUID userId, boolean online) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "presence");
        frame.put("userId", userId.toString());
        frame.put("online", online);
        return frame(frame);
    }

    @PreDestroy
    void close() {
        pool.shutdownNow();
    }

    /** One stream on this node. Fields are touched only on {@link #executor}. */
    private final class Channel {
        final String stream;
        final SerialExecutor executor = new SerialExecutor(pool);
        final Set<Peer> subscribers = ConcurrentHashMap.newKeySet();
        long cursor = -1;
        /** When a sweep last saw subscribers (System.nanoTime), and whether the hub forgot this channel. */
        long lastFollowed = System.nanoTime();
        boolean dropped;

        Channel(String stream) {
            this.stream = stream;
        }

        /** Brings the channel to {@code committed}, sending what its subscribers have not had. */
        void catchUp(long committed) {
            if (cursor < 0 || subscribers.isEmpty()) {
                cursor = Math.max(cursor, committed);
                return;
            }
            while (cursor < committed) {
                List<StreamEvent> missing = streams.since(stream, cursor, (int) Math.min(committed - cursor, 500));
                if (missing.isEmpty()) {
                    break;
                }
                for (StreamEvent e : missing) {
                    send(e);
                }
            }
        }

        void deliver(StreamEvent event) {
            if (subscribers.isEmpty()) {
                cursor = Math.max(cursor, event.seq());
                return;
            }
            if (event.seq() <= cursor) {
                return; // already sent (filled from PostgreSQL earlier, or an echo)
            }
            if (cursor >= 0 && event.seq() > cursor + 1) {
                catchUp(event.seq() - 1);
            }
            send(event);
        }

        /** Encodes the frame once and hands each event loop its sockets' share in one go. */
        private void send(StreamEvent event) {
            OutFrame frame = OutFrame.of(eventFrame(event));
            Map<LoopWriter, List<Peer>> byLoop = new IdentityHashMap<>();
            for (Peer peer : subscribers) {
                if (peer.isClosed()) {
                    subscribers.remove(peer);
                } else if (peer.writer == null) {
                    peer.send(frame);
                } else {
                    byLoop.computeIfAbsent(peer.writer, w -> new ArrayList<>()).add(peer);
                }
            }
            byLoop.forEach((writer, peers) -> writer.submit(frame, peers));
            cursor = event.seq();
        }
    }
}
