package fr.maillage.light;

import fr.maillage.core.error.ProblemException;
import fr.maillage.core.security.Caller;
import fr.maillage.core.security.SessionResolver;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Hidden;

import java.net.URI;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * GET /light/themes, /light/themes/{slug}, /light/threads/{id}, /light/sessions/{occurrenceId}:
 * the light view (docs/api.md). Signed in by the same session cookie as the full client; a
 * visitor without one is sent to the sign-in page. What the person may not read is a 404.
 */
@Controller("/light")
@Hidden
@ExecuteOn(TaskExecutors.BLOCKING)
public class LightController {
    private final LightPages pages;
    private final SessionResolver sessions;

    LightController(LightPages pages, SessionResolver sessions) {
        this.pages = pages;
        this.sessions = sessions;
    }

    @Get("/themes")
    public HttpResponse<?> themes(HttpRequest<?> request) {
        return page(request, pages::themes);
    }

    @Get("/themes/{slug}")
    public HttpResponse<?> theme(HttpRequest<?> request, String slug) {
        return page(request, caller -> pages.theme(caller, slug));
    }

    @Get("/threads/{id}")
    public HttpResponse<?> thread(HttpRequest<?> request, UUID id) {
        return page(request, caller -> pages.thread(caller, id));
    }

    @Get("/sessions/{id}")
    public HttpResponse<?> occurrence(HttpRequest<?> request, UUID id) {
        return page(request, caller -> pages.occurrence(caller, id));
    }

    /** The session cookie is resolved here: the API's security filter covers /api/** only (and a GET needs no CSRF token). */
    private HttpResponse<?> page(HttpRequest<?> request, Function<Caller, String> render) {
        Optional<Caller> caller = request.getCookies().findCookie(SessionResolver.COOKIE).map(Cookie::getValue).flatMap(sessions::resolve);
        if (caller.isEmpty()) {
            return HttpResponse.seeOther(URI.create("/login"));
        }
        String html;
        try {
            html = render.apply(caller.get());
        } catch (ProblemException e) {
            // Rendered as a small HTML page by NotFoundController for /light/ paths; 404 hides what exists.
            return HttpResponse.notFound();
        }
        return HttpResponse.ok(html).contentType(MediaType.TEXT_HTML_TYPE + ";charset=utf-8").header("Cache-Control", "private, no-store");
    }
}
