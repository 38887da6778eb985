package fr.maillage.core.web;

import fr.maillage.core.error.Problem;
import fr.maillage.core.error.ProblemResponses;
import fr.maillage.core.error.ProblemType;
import io.micronaut.core.io.ResourceResolver;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.server.types.files.StreamedFile;
import io.swagger.v3.oas.annotations.Hidden;

import java.net.URL;
import java.util.Optional;

/**
 * The web client is a single-page application: a browser asking for one of its pages
 * (/profile, /invitation/…) gets index.html and the client routes. API and operations paths
 * keep their problem+json 404, and so does a missing file (a path whose last segment has an
 * extension, like /favicon.ico): answering it with the page would hand HTML to an image tag.
 */
@Controller
@Hidden
public class NotFoundController {
    private static final String[] SERVER_PATHS = {"/api/", "/ws", "/health", "/prometheus", "/openapi/", "/assets/"};
    private static final String LIGHT_NOT_FOUND = "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\">"
            + "<meta name=\"viewport\" content=\"width=device-width\"><title>Maillage</title></head><body>"
            + "<p>Page introuvable, ou réservée à d'autres personnes. (Not found.)</p><p><a href=\"/light/themes\">Thèmes (Themes)</a></p></body></html>";
    private final Optional<URL> index;

    NotFoundController(ResourceResolver resources) {
        this.index = resources.getResource("classpath:public/index.html");
    }

    @Error(status = HttpStatus.NOT_FOUND, global = true)
    public HttpResponse<?> notFound(HttpRequest<?> request) {
        String path = request.getPath();
        if (path.startsWith("/light/")) {
            // The light view is read without JavaScript: a small page, not the client, not JSON.
            return HttpResponse.notFound(LIGHT_NOT_FOUND).contentType(MediaType.TEXT_HTML + ";charset=utf-8");
        }
        boolean serverPath = false;
        for (String prefix : SERVER_PATHS) {
            serverPath |= path.startsWith(prefix);
        }
        String lastSegment = path.substring(path.lastIndexOf('/') + 1);
        serverPath |= lastSegment.contains(".");
        boolean wantsPage = "GET".equals(request.getMethodName())
                && request.getHeaders().accept().stream().anyMatch(m -> m.matches(MediaType.TEXT_HTML_TYPE));
        if (!serverPath && wantsPage && index.isPresent()) {
            return HttpResponse.ok(new StreamedFile(index.get())).contentType(MediaType.TEXT_HTML_TYPE)
                    .header("Cache-Control", "no-cache");
        }
        return ProblemResponses.of(Problem.of(ProblemType.NOT_FOUND, null));
    }
}
