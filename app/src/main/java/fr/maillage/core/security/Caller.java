package fr.maillage.core.security;

import fr.maillage.core.error.ProblemException;
import io.micronaut.http.HttpRequest;

import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

/** The signed-in person behind a request or a socket, as resolved from their session. */
public record Caller(UUID userId, Role role, UUID sessionId, String csrfToken) {
    public static final String ATTRIBUTE = "maillage.caller";

    public static Optional<Caller> of(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, Caller.class);
    }

    public static Caller required(HttpRequest<?> request) {
        return of(request).orElseThrow(ProblemException::unauthenticated);
    }

    public Caller requireRole(Role... allowed) {
        if (Arrays.stream(allowed).noneMatch(r -> r == role)) {
            throw ProblemException.forbidden("Your role (" + role.wire() + ") may not do this");
        }
        return this;
    }
}
