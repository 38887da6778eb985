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

    /**
     * With trust-forwarded, the last X-Forwarded-For entry: the one our own proxy wrote
     * (infra/nginx.conf replaces the header; a proxy that appends puts its view last, while the
     * entries before it are whatever the client claimed). Anything that is not an address
     * falls back to the peer address.
     */
    public String of(HttpRequest<?> request) {
        if (trustForwarded) {
            String forwarded = request.getHeaders().get("X-Forwarded-For");
            if (forwarded != null && !forwarded.isBlank() && forwarded.length() <= 1000) {
                String[] hops = forwarded.split(",");
                String last = hops[hops.length - 1].trim();
                if (ADDRESS.matcher(last).matches()) {
                    return last.toLowerCase(java.util.Locale.ROOT);
                }
            }
        }
        return request.getRemoteAddress().getAddress().getHostAddress();
    }

    private static final java.util.regex.Pattern ADDRESS =
            java.util.regex.Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9A-Fa-f]{0,4}:[0-9A-Fa-f:.]{1,44}");
}
