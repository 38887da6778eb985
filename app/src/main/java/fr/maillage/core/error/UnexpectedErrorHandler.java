package fr.maillage.core.error;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;

/**
 * Anything no other handler claims: log it under an id the person can quote, show no internals.
 */
@Singleton
public class UnexpectedErrorHandler implements ExceptionHandler<Exception, HttpResponse<Problem>> {
    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedErrorHandler.class);

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, Exception exception) {
        String errorId = UUID.randomUUID().toString();
        LOG.error("unexpected error errorId={} method={} path={}", errorId, request.getMethodName(), request.getPath(), exception);
        ProblemType type = ProblemType.INTERNAL;
        return ProblemResponses.of(new Problem(type.uri(), type.title(), type.status(),
                "Quote this error id to an administrator: " + errorId, null, null, null, errorId));
    }
}
