package fr.maillage.survey;

import fr.maillage.core.socket.StreamAccess;
import jakarta.inject.Singleton;

import java.util.UUID;
import java.util.List;

/**
 * A survey's stream {@code survey:<id>} carries {@code survey.results_changed}: read by
 * facilitators and administrators, and by those who answered when results are live or the
 * survey has closed.
 */
@Singleton
class SurveyAccess implements StreamAccess {
    private static final String PREFIX = "survey:";
    private final SurveyService surveys;

    SurveyAccess(SurveyService surveys) {
        this.surveys = surveys;
    }

    @Override
    public List<String> prefixes() {
        return List.of(PREFIX);
    }

    @Override
    public boolean canRead(UUID userId, String stream) {
        UUID id;
        try {
            id = UUID.fromString(stream.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return surveys.canReadResults(userId, id);
    }
}
