package fr.maillage.notification;

import fr.maillage.core.security.Caller;
import fr.maillage.notification.NotificationViews.NotificationPage;
import fr.maillage.notification.NotificationViews.UnreadCount;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.time.Instant;
import java.util.UUID;

/** The caller's notification centre; live changes arrive on the stream `person:<id>`. */
@Controller("/api/notifications")
@Tag(name = "notification")
public class NotificationController {
    private final NotificationService notifications;

    NotificationController(NotificationService notifications) {
        this.notifications = notifications;
    }

    @Get
    public NotificationPage list(HttpRequest<?> request, @Nullable @QueryValue Instant before, @Nullable @QueryValue Integer limit) {
        return notifications.page(Caller.required(request), before, limit == null ? 30 : limit);
    }

    @Post("/{id}/read")
    public UnreadCount read(HttpRequest<?> request, UUID id) {
        return new UnreadCount(notifications.markRead(Caller.required(request), id));
    }

    @Post("/read-all")
    public UnreadCount readAll(HttpRequest<?> request) {
        return new UnreadCount(notifications.markAllRead(Caller.required(request)));
    }
}
