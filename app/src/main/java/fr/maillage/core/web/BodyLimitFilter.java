package fr.maillage.core.web;

import fr.maillage.core.error.Problem;
import fr.maillage.core.error.ProblemResponses;
import fr.maillage.core.error.ProblemType;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.web.router.RouteAttributes;

/**
 * maillage.http.max-body-bytes (64 KiB) for every request body but those of routes marked
 * {@link StreamedBody}. Why a filter: micronaut.server.max-request-size is one number for the
 * whole server, and uploads need more; so the server's limit is the largest upload
 * (application.yml) and this filter refuses, before anything is read, any other request whose
 * Content-Length is over 64 KiB. A body without Content-Length (chunked) to such a route is
 * stopped by micronaut.server.max-request-buffer-size, as buffering routes read it into memory.
 */
@ServerFilter("/**")
public class BodyLimitFilter implements Ordered {
    /** Bodies up to this size are read and discarded after a refusal rather than cut off. */
    static final long DRAIN_AT_MOST = 1024 * 1024;

    private final long maxBodyBytes;

    BodyLimitFilter(@Value("${maillage.http.max-body-bytes:65536}") long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<Problem> filter(HttpRequest<?> request) {
        if (request.getContentLength() <= maxBodyBytes) {
            return null;
        }
        boolean streamed = RouteAttributes.getRouteInfo(request)
                .map(route -> route.getAnnotationMetadata().hasAnnotation(StreamedBody.class)).orElse(false);
        if (streamed) {
            return null;
        }
        var refusal = ProblemResponses.of(Problem.of(ProblemType.PAYLOAD_TOO_LARGE,
                "A request body is limited to " + maxBodyBytes + " bytes"));
        // A body a little over the limit is drained, so the client, still sending, reads the
        // refusal rather than a reset connection; a large one is not worth reading: close.
        return request.getContentLength() > DRAIN_AT_MOST ? refusal.header(HttpHeaders.CONNECTION, "close") : refusal;
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE;
    }
}
