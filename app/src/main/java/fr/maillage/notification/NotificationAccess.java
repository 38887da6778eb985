package fr.maillage.notification;

import fr.maillage.core.socket.StreamAccess;
import jakarta.inject.Singleton;

import java.util.UUID;
import java.util.List;

/** A person's stream {@code person:<id>} is read by that person only. */
@Singleton
class NotificationAccess implements StreamAccess {
    static final String PREFIX = "person:";

    @Override
    public List<String> prefixes() {
        return List.of(PREFIX);
    }

    @Override
    public boolean canRead(UUID userId, String stream) {
        return stream.equals(stream(userId));
    }

    static String stream(UUID userId) {
        return PREFIX + userId;
    }
}
