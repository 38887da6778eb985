package fr.maillage.identity;

import fr.maillage.core.security.PublicUrl;
import fr.maillage.core.security.SecurityFilter;
import fr.maillage.core.security.SessionResolver;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import jakarta.inject.Singleton;

import java.time.Duration;

/** The two cookies: the HttpOnly session, and the CSRF token scripts echo in a header. */
@Singleton
class SessionCookies {
    private final PublicUrl publicUrl;
    private final IdentityConfig config;

    SessionCookies(PublicUrl publicUrl, IdentityConfig config) {
        this.publicUrl = publicUrl;
        this.config = config;
    }

    <T> MutableHttpResponse<T> signIn(MutableHttpResponse<T> response, String sessionToken, String csrfToken) {
        return response.cookie(Cookie.of(SessionResolver.COOKIE, sessionToken)
                        .httpOnly(true).sameSite(SameSite.Lax).secure(publicUrl.secure()).path("/")
                        .maxAge(config.sessionTtl()))
                .cookie(csrf(csrfToken));
    }

    <T> MutableHttpResponse<T> signOut(MutableHttpResponse<T> response) {
        return response.cookie(Cookie.of(SessionResolver.COOKIE, "")
                .httpOnly(true).sameSite(SameSite.Lax).secure(publicUrl.secure()).path("/").maxAge(Duration.ZERO));
    }

    Cookie csrf(String token) {
        return Cookie.of(SecurityFilter.CSRF_COOKIE, token)
                .httpOnly(false).sameSite(SameSite.Strict).secure(publicUrl.secure()).path("/")
                .maxAge(config.sessionTtl());
    }
}
