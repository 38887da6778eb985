package fr.maillage.notification;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What a feature asks to tell one person. {@code kind} names the message (e.g.
 * {@code help.offered}; the web client and e-mails render {@code notification.kind.<kind>}
 * with {@code data} as parameters), {@code link} is where it leads, {@code dedupeKey} makes a
 * repeated notify create nothing (null: never deduplicated).
 */
public record Notice(UUID recipientId, String kind, String link, Map<String, Object> data, boolean urgent, String dedupeKey) {
    public Notice {
        Objects.requireNonNull(recipientId, "recipientId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(link, "link");
        data = data == null ? Map.of() : Map.copyOf(data);
    }

    public static Notice of(UUID recipientId, String kind, String link, Map<String, Object> data) {
        return new Notice(recipientId, kind, link, data, false, null);
    }

    public Notice asUrgent() {
        return new Notice(recipientId, kind, link, data, true, dedupeKey);
    }

    public Notice dedupedBy(String key) {
        return new Notice(recipientId, kind, link, data, urgent, key);
    }
}
