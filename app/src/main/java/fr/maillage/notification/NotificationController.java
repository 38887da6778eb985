package fr.maillage.notification;

import fr.maillage.core.security.Caller;
import fr.maillage.notification.NotificationViews.NotificationPage;
import fr.maillage.notification.NotificationViews.UnreadCount;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import java.time.Instant;
import java.util.UUID;

/** The caller's notification centre; live changes arrive on the stream `person:<id>`. */
@Controller("/api/notifications")
@Tag(name = "notification")
public class NotificationController {
    private final NotificationService notifications;
    private final NotificationPreferences preferences;

    NotificationController(NotificationService notifications, NotificationPreferences preferences) {
        this.notifications = notifications;
        this.preferences = preferences;
    }

    @Get
    public NotificationPage list(HttpRequest<?> request, @Nullable @QueryValue Instant before, @Nullable @QueryValue Integer limit) {
        return notifications.page(Caller.required(request), before, limit == null ? 30 : limit);
    }

    @Post("/{id}/read")
    public UnreadCount read(HttpRequest<?> request, UUID id) {
        return new UnreadCount(notifications.markRead(Caller.required(request), id));
    }

    @Get("/preferences")
    public EmailPreferences preferences(HttpRequest<?> request) {
        return preferences.get(Caller.required(request));
    }

    @Put("/preferences")
    public EmailPreferences updatePreferences(HttpRequest<?> request, @Valid @Body EmailPreferences command) {
        return preferences.update(Caller.required(request), command);
    }

    @Post("/read-all")
    public UnreadCount readAll(HttpRequest<?> request) {
        return new UnreadCount(notifications.markAllRead(Caller.required(request)));
    }
}
