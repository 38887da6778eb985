package fr.maillage.core.security;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.Map;

/**
 * Operations endpoints leak the deployment's shape (issue 14): {@code /prometheus} answers
 * only an administrator's session or the scraper's bearer token
 * ({@code maillage.operations.metrics-token}); {@code /health} shows its details only to
 * administrators, and its status (UP/DOWN) to everyone, so load balancers keep working.
 */
@ServerFilter({"/health", "/health/**", "/prometheus", "/prometheus/**"})
public class OperationsFilter {
    private final SessionResolver sessions;
    private final String metricsToken;

    OperationsFilter(SessionResolver sessions, @Nullable @Value("${maillage.operations.metrics-token:}") String metricsToken) {
        this.sessions = sessions;
        this.metricsToken = metricsToken == null ? "" : metricsToken;
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable
    public HttpResponse<?> metricsOnlyForOperators(HttpRequest<?> request) {
        boolean administrator = request.getCookies().findCookie(SessionResolver.COOKIE).map(Cookie::getValue)
                .flatMap(sessions::resolve).map(c -> c.role() == Role.ADMINISTRATOR).orElse(false);
        request.setAttribute("maillage.operator", administrator);
        if (!request.getPath().startsWith("/prometheus") || administrator) {
            return null;
        }
        String authorization = request.getHeaders().getAuthorization().orElse("");
        if (!metricsToken.isEmpty() && Tokens.constantTimeEquals("Bearer " + metricsToken, authorization)) {
            return null;
        }
        return HttpResponse.status(HttpStatus.NOT_FOUND);
    }

    @ResponseFilter
    public void statusOnlyForOthers(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (request.getPath().startsWith("/health")
                && !request.getAttribute("maillage.operator", Boolean.class).orElse(false)
                && response.getBody().orElse(null) instanceof HealthResult health) {
            response.body(Map.of("status", health.getStatus().getName()));
        }
    }
}
