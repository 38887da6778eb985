package fr.maillage.core.web;

import fr.maillage.core.security.Caller;
import fr.maillage.core.security.PublicUrl;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Security headers on every answer of the app, pages and API alike (issue 14; the same in
 * infra/nginx.conf). Scripts come only from the app itself: no 'unsafe-inline' script.
 * Styles allow 'unsafe-inline' because the editor (Tiptap/ProseMirror) and a few components
 * set style attributes. The socket is the same host (ws: or wss:). Jitsi is only a link.
 */
@ServerFilter("/**")
public class SecurityHeadersFilter {
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
            + "connect-src 'self' ws: wss:; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; "
            + "form-action 'self'; frame-ancestors 'none'";

    private final boolean https;

    SecurityHeadersFilter(PublicUrl publicUrl) {
        this.https = publicUrl.secure();
    }

    @ResponseFilter
    public void headers(HttpRequest<?> request, MutableHttpResponse<?> response) {
        var headers = response.getHeaders();
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
        headers.set("X-Frame-Options", "DENY");
        if (https) {
            headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        }
        // Personal answers must not stay in a shared or back-button cache.
        if (Caller.of(request).isPresent() && request.getPath().startsWith("/api/") && !headers.contains("Cache-Control")) {
            headers.set("Cache-Control", "no-store");
        }
    }
}
