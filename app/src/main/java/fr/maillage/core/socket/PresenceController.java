package fr.maillage.core.socket;

import fr.maillage.core.security.Caller;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

@Controller("/api/presence")
@Tag(name = "live")
public class PresenceController {
    private final Presence presence;

    PresenceController(Presence presence) {
        this.presence = presence;
    }

    @Serdeable
    public record PresenceView(List<UUID> online) {
    }

    /** Who has Maillage open right now, on any node; `presence` frames keep it current. */
    @Get
    public PresenceView online(HttpRequest<?> request) {
        Caller.required(request);
        return new PresenceView(presence.onlineUsers().stream().sorted().toList());
    }
}
