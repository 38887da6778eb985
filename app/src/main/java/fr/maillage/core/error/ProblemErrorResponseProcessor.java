package fr.maillage.core.error;

import io.micronaut.http.MutableHttpResponse;
import io.micronaut.context.annotation.Primary;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Errors raised by the framework itself (unreadable JSON, a missing body, an unknown route,
 * a body over the size limit) get the same problem+json shape as the application's own.
 */
@Singleton
@Primary
public class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Problem> {
    @Override
    public MutableHttpResponse<Problem> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        int status = response.getStatus().getCode();
        ProblemType type = ProblemType.forStatus(status);
        List<Problem.Violation> violations = context.getErrors().stream()
                .filter(e -> e.getPath().isPresent())
                .map(e -> new Problem.Violation(e.getPath().get(), safeMessage(e)))
                .toList();
        String detail = status >= 500 ? null : context.getErrors().stream()
                .map(ProblemErrorResponseProcessor::safeMessage)
                .collect(Collectors.joining("; "));
        Problem problem = new Problem(type.uri(), type.title(), status,
                detail == null || detail.isBlank() ? null : detail,
                violations.isEmpty() ? null : violations, null, null, null);
        return response.body(problem).contentType(Problem.MEDIA_TYPE);
    }

    private static String safeMessage(Error error) {
        String message = error.getMessage();
        if (message == null) {
            return "";
        }
        // Parser messages quote the offending input and Java class names; keep the first line.
        int cut = message.indexOf('\n');
        message = cut >= 0 ? message.substring(0, cut) : message;
        return message.length() > 200 ? message.substring(0, 200) + "…" : message;
    }
}
