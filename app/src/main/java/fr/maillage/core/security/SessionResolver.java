package fr.maillage.core.security;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Turns a session cookie's value into the caller it belongs to (implemented by identity). */
public interface SessionResolver {
    String COOKIE = "maillage_session";

    Optional<Caller> resolve(String sessionToken);

    /**
     * The caller of a session that is still open, with the person's role as it is now: what a
     * long-lived socket asks before each command, so a sign-out or a demotion takes effect at
     * once. Empty once the session ended (signed out, expired, password changed or reset,
     * sessions ended by an administrator, account deactivated).
     */
    Optional<Caller> current(UUID sessionId);

    /** Which of these sessions are still open (the hub's periodic check of its sockets). */
    Set<UUID> stillOpen(Collection<UUID> sessionIds);
}
