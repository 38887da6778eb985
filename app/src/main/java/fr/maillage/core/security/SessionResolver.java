package fr.maillage.core.security;

import java.util.Optional;

/** Turns a session cookie's value into the caller it belongs to (implemented by identity). */
public interface SessionResolver {
    String COOKIE = "maillage_session";

    Optional<Caller> resolve(String sessionToken);
}
