package fr.maillage.notification;

import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * RFC 8058 one-click unsubscribe: mail clients POST {@code List-Unsubscribe=One-Click} here,
 * with no session and no CSRF token (outside /api on purpose): the signed token alone says
 * who leaves which list, and it can do nothing else.
 */
@Controller("/mail/unsubscribe")
@Tag(name = "notification")
public class UnsubscribeController {
    private final NotificationPreferences preferences;

    UnsubscribeController(NotificationPreferences preferences) {
        this.preferences = preferences;
    }

    @Serdeable
    public record Unsubscribed(String list) {
    }

    @Post(value = "/{token}", consumes = {MediaType.APPLICATION_FORM_URLENCODED, MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, MediaType.ALL})
    public Unsubscribed unsubscribe(String token) {
        return new Unsubscribed(preferences.unsubscribe(token));
    }
}
