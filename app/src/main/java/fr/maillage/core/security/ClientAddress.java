package fr.maillage.core.security;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;

/**
 * The address a request came from, for throttling. Forwarded headers are spoofable, so they
 * count only when maillage.http.trust-forwarded says a proxy overwrites them.
 */
@Singleton
public class ClientAddress {
    private final boolean trustForwarded;

    public ClientAddress(@Value("${maillage.http.trust-forwarded:false}") boolean trustForwarded) {
        this.trustForwarded = trustForwarded;
    }

    public String of(HttpRequest<?> request) {
        if (trustForwarded) {
            String forwarded = request.getHeaders().get("X-Forwarded-For");
            if (forwarded != null && !forwarded.isBlank()) {
                return forwarded.split(",")[0].trim();
            }
        }
        return request.getRemoteAddress().getAddress().getHostAddress();
    }
}
