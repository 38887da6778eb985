package fr.maillage.core.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * An RFC 9457 problem body, used by HTTP answers and by socket error frames alike.
 * Extension members are fixed fields so that clients can rely on their names.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type,
        String title,
        int status,
        @Nullable String detail,
        @Nullable List<Violation> violations,
        @Nullable String reason,
        @Nullable Long retryAfterSeconds,
        @Nullable String errorId) {

    public static final String MEDIA_TYPE = "application/problem+json";

    @Serdeable
    public record Violation(String field, String message) {
    }

    public static Problem of(ProblemType type, String detail) {
        return new Problem(type.uri(), type.title(), type.status(), detail, null, null, null, null);
    }
}
