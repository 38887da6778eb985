package fr.maillage.core.security;

import fr.maillage.core.error.Problem;
import fr.maillage.core.error.ProblemException;
import fr.maillage.core.error.ProblemResponses;
import fr.maillage.core.error.ProblemType;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.Optional;
import java.util.Set;

/**
 * Resolves the session cookie into a {@link Caller} and guards every state-changing API call
 * with the double-submit CSRF token and an Origin check. Role checks are the services' job.
 */
@ServerFilter("/api/**")
public class SecurityFilter implements Ordered {
    public static final String CSRF_COOKIE = "maillage_csrf";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final SessionResolver sessions;
    private final PublicUrl publicUrl;

    public SecurityFilter(SessionResolver sessions, PublicUrl publicUrl) {
        this.sessions = sessions;
        this.publicUrl = publicUrl;
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable
    public HttpResponse<Problem> filter(HttpRequest<?> request) {
        Optional<Caller> caller = request.getCookies().findCookie(SessionResolver.COOKIE)
                .map(Cookie::getValue)
                .flatMap(sessions::resolve);
        caller.ifPresent(c -> request.setAttribute(Caller.ATTRIBUTE, c));
        if (SAFE.contains(request.getMethod())) {
            return null;
        }
        if (!originAllowed(request)) {
            return ProblemResponses.of(Problem.of(ProblemType.CSRF, "The request comes from another site"));
        }
        String header = request.getHeaders().get(CSRF_HEADER);
        String cookie = request.getCookies().findCookie(CSRF_COOKIE).map(Cookie::getValue).orElse(null);
        boolean doubleSubmitted = header != null && !header.isBlank() && Tokens.constantTimeEquals(header, cookie);
        boolean boundToSession = caller.map(c -> Tokens.constantTimeEquals(c.csrfToken(), header)).orElse(true);
        if (!doubleSubmitted || !boundToSession) {
            return ProblemResponses.of(Problem.of(ProblemType.CSRF,
                    "Missing or wrong " + CSRF_HEADER + " header; reload the page"));
        }
        return null;
    }

    /** Browsers send Origin on cross-site writes; it must be ours (the public URL or this host). */
    private boolean originAllowed(HttpRequest<?> request) {
        String origin = request.getHeaders().get("Origin");
        if (origin == null || origin.isBlank()) {
            return true;
        }
        if (origin.equals(publicUrl.origin())) {
            return true;
        }
        String host = request.getHeaders().get("Host");
        return host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE + 100;
    }

    /** Used by services that need the caller's CSRF token checked outside the filter (sockets). */
    public static void requireSameOrigin(HttpRequest<?> request, PublicUrl publicUrl) {
        String origin = request.getHeaders().get("Origin");
        String host = request.getHeaders().get("Host");
        boolean ok = origin != null && (origin.equals(publicUrl.origin())
                || (host != null && (origin.equals("http://" + host) || origin.equals("https://" + host))));
        if (!ok) {
            throw ProblemException.of(ProblemType.CSRF, "The socket was opened from another site");
        }
    }
}
