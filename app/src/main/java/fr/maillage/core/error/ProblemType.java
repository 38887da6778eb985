package fr.maillage.core.error;

/**
 * The problem types of the whole application: one URI per domain error (docs/api.md lists them).
 * Features add theirs here so that the list stays in one place.
 */
public enum ProblemType {
    VALIDATION("validation", 400, "Invalid request"),
    MALFORMED_REQUEST("malformed-request", 400, "Malformed request"),
    UNAUTHENTICATED("unauthenticated", 401, "Sign-in required"),
    INVALID_CREDENTIALS("invalid-credentials", 401, "Wrong e-mail or password"),
    ACCOUNT_DEACTIVATED("account-deactivated", 403, "This account has been deactivated"),
    CSRF("csrf", 403, "Request not accepted from this page"),
    FORBIDDEN("forbidden", 403, "Not allowed"),
    NOT_FOUND("not-found", 404, "Not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed"),
    CONFLICT("conflict", 409, "Conflict"),
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", 409, "Idempotency key already used"),
    SURVEY_CLOSED("survey-closed", 409, "This survey is closed: answers are no longer accepted"),
    SURVEY_NOT_OPEN("survey-not-open", 409, "This survey is not open for answers yet"),
    SURVEY_LOCKED("survey-locked", 409, "This survey has answers: only wording fixes are allowed"),
    SURVEY_ANSWER_FINAL("survey-answer-final", 409, "This anonymous answer was submitted and can no longer be changed"),
    INVITATION_UNUSABLE("invitation-unusable", 410, "This invitation can no longer be used"),
    RESET_UNUSABLE("reset-unusable", 410, "This password-reset link can no longer be used"),
    EXPORT_UNUSABLE("export-unusable", 410, "This export can no longer be downloaded"),
    PAYLOAD_TOO_LARGE("payload-too-large", 413, "Request too large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Unsupported media type"),
    TOO_MANY_ATTEMPTS("too-many-attempts", 429, "Too many attempts"),
    INTERNAL("internal", 500, "Unexpected error"),
    UNAVAILABLE("unavailable", 503, "Temporarily unavailable");

    private final String slug;
    private final int status;
    private final String title;

    ProblemType(String slug, int status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    public String uri() {
        return "/problems/" + slug;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The generic type for a bare HTTP status, for errors raised by the framework itself. */
    public static ProblemType forStatus(int status) {
        return switch (status) {
            case 400 -> MALFORMED_REQUEST;
            case 401 -> UNAUTHENTICATED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 409 -> CONFLICT;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 429 -> TOO_MANY_ATTEMPTS;
            case 503 -> UNAVAILABLE;
            default -> status >= 500 ? INTERNAL : MALFORMED_REQUEST;
        };
    }
}
