package fr.maillage.core.socket;

import fr.maillage.core.security.Caller;
import fr.maillage.core.security.GuestCircle;
import fr.maillage.core.security.Role;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Who may see whom online: everyone sees everyone, except a guest, which sees only its
 * {@link GuestCircle}. Applied to {@code GET /api/presence} and to broadcast {@code presence}
 * frames. A guest's circle is cached for {@link #TTL}: a guest invited to a new theme sees
 * its new circle's presence within that delay, never anyone outside it.
 */
@Singleton
public class PresenceAudience {
    static final Duration TTL = Duration.ofSeconds(30);

    private record Cached(Set<UUID> circle, long expiresAtNanos) {
    }

    private final Provider<GuestCircle> circles;
    private final JsonMapper json;
    private final Map<UUID, Cached> cache = new ConcurrentHashMap<>();

    PresenceAudience(Provider<GuestCircle> circles, JsonMapper json) {
        this.circles = circles;
        this.json = json;
    }

    /** True when {@code viewer} may see {@code personId} online. */
    public boolean sees(Caller viewer, UUID personId) {
        return viewer.role() != Role.GUEST || viewer.userId().equals(personId) || circle(viewer.userId()).contains(personId);
    }

    /** The readers a broadcast frame may reach: a presence frame only those who may see its person. */
    public Predicate<Caller> of(String frame) {
        UUID subject = presenceSubject(frame);
        return subject == null ? viewer -> true : viewer -> sees(viewer, subject);
    }

    private Set<UUID> circle(UUID guestId) {
        long now = System.nanoTime();
        Cached cached = cache.get(guestId);
        if (cached == null || now - cached.expiresAtNanos() > 0) {
            cached = new Cached(Set.copyOf(circles.get().of(guestId)), now + TTL.toNanos());
            cache.put(guestId, cached);
        }
        return cached.circle();
    }

    private UUID presenceSubject(String frame) {
        if (frame == null || !frame.contains("\"presence\"")) {
            return null;
        }
        try {
            Map<?, ?> map = json.readValue(frame, Map.class);
            Object userId = map.get("userId");
            return "presence".equals(map.get("type")) && userId != null ? UUID.fromString(userId.toString()) : null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
