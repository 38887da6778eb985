package fr.maillage.notification;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

final class NotificationViews {
    private NotificationViews() {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record NotificationView(UUID id, String kind, String link, Map<String, Object> data, boolean urgent,
                            Instant createdAt, @Nullable Instant readAt) {
    }

    /** The newest notifications, with the stream position to follow live from. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record NotificationPage(String stream, long seq, long unread, List<NotificationView> items, boolean more) {
    }

    @Serdeable
    record UnreadCount(long unread) {
    }
}
