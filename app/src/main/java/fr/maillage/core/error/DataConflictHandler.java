package fr.maillage.core.error;

import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

import java.sql.SQLException;

/**
 * A unique constraint lost to a concurrent writer is a conflict, not a crash: the loser's
 * transaction is rolled back and they get 409. Anything else is unexpected.
 */
@Singleton
public class DataConflictHandler implements ExceptionHandler<DataAccessException, HttpResponse<Problem>> {
    private final UnexpectedErrorHandler unexpected;

    DataConflictHandler(UnexpectedErrorHandler unexpected) {
        this.unexpected = unexpected;
    }

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, DataAccessException exception) {
        if (isUniqueViolation(exception)) {
            return ProblemResponses.of(Problem.of(ProblemType.CONFLICT, "This was changed at the same time by someone else"));
        }
        if (hasState(exception, "22021")) {
            // PostgreSQL text cannot hold U+0000; the transaction was rolled back, nothing is stored.
            return ProblemResponses.of(Problem.of(ProblemType.VALIDATION, "Text must not contain the NUL character"));
        }
        return unexpected.handle(request, exception);
    }

    public static boolean isUniqueViolation(Throwable error) {
        return hasState(error, "23505");
    }

    private static boolean hasState(Throwable error, String sqlState) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sqlState.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
