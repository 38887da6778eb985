package fr.maillage.core.socket;

import fr.maillage.core.security.Caller;
import fr.maillage.core.security.PersonNames;
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
    private final PersonNames names;
    private final PresenceAudience audience;

    PresenceController(Presence presence, PersonNames names, PresenceAudience audience) {
        this.audience = audience;
        this.presence = presence;
        this.names = names;
    }

    @Serdeable
    public record OnlinePerson(UUID id, String displayName) {
    }

    @Serdeable
    public record PresenceView(List<OnlinePerson> online) {
    }

    /** Who has Maillage open right now, on any node, by name (a guest: only its circle); `presence` frames keep it current. */
    @Get
    public PresenceView online(HttpRequest<?> request) {
        Caller caller = Caller.required(request);
        return new PresenceView(presence.onlineUsers().stream()
                .filter(id -> audience.sees(caller, id))
                .map(id -> new OnlinePerson(id, names.displayName(id)))
                .sorted(java.util.Comparator.comparing(OnlinePerson::displayName, String.CASE_INSENSITIVE_ORDER))
                .toList());
    }
}
