package fr.maillage.core.error;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;

public final class ProblemResponses {
    private ProblemResponses() {
    }

    public static MutableHttpResponse<Problem> of(Problem problem) {
        MutableHttpResponse<Problem> response = HttpResponse.<Problem>status(HttpStatus.valueOf(problem.status()))
                .body(problem)
                .contentType(Problem.MEDIA_TYPE);
        if (problem.retryAfterSeconds() != null) {
            response.header("Retry-After", Long.toString(problem.retryAfterSeconds()));
        }
        return response;
    }
}
