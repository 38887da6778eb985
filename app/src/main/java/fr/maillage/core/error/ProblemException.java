package fr.maillage.core.error;

import java.util.List;

/** A domain error that becomes a problem+json answer (or a socket error frame). */
public class ProblemException extends RuntimeException {
    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.type() + ": " + (problem.detail() == null ? problem.title() : problem.detail()), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException of(ProblemType type, String detail) {
        return new ProblemException(Problem.of(type, detail));
    }

    public static ProblemException notFound() {
        return of(ProblemType.NOT_FOUND, null);
    }

    public static ProblemException forbidden(String detail) {
        return of(ProblemType.FORBIDDEN, detail);
    }

    public static ProblemException conflict(String detail) {
        return of(ProblemType.CONFLICT, detail);
    }

    public static ProblemException unauthenticated() {
        return of(ProblemType.UNAUTHENTICATED, null);
    }

    public static ProblemException invalid(String field, String message) {
        return invalid(List.of(new Problem.Violation(field, message)));
    }

    public static ProblemException invalid(List<Problem.Violation> violations) {
        ProblemType type = ProblemType.VALIDATION;
        String detail = violations.size() == 1 ? "1 field is invalid" : violations.size() + " fields are invalid";
        return new ProblemException(new Problem(type.uri(), type.title(), type.status(), detail, violations, null, null, null));
    }

    public static ProblemException unusable(ProblemType type, String reason) {
        return new ProblemException(new Problem(type.uri(), type.title(), type.status(), null, null, reason, null, null));
    }

    public static ProblemException tooManyAttempts(long retryAfterSeconds) {
        ProblemType type = ProblemType.TOO_MANY_ATTEMPTS;
        return new ProblemException(new Problem(type.uri(), type.title(), type.status(),
                "Try again in " + Math.max(1, (retryAfterSeconds + 59) / 60) + " minute(s)", null, null, retryAfterSeconds, null));
    }
}
