package fr.maillage.help;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * maillage.help.*: how many pioneers each wave notifies, when an unaccepted request escalates,
 * how often nodes look for such requests, and how far back responsiveness looks.
 */
@ConfigurationProperties("maillage.help")
public record HelpConfig(
        @Min(1) @Max(20) int topMatches,
        @NotNull Duration escalateAfter,
        @NotNull Duration escalationCheckInterval,
        @NotNull Duration responsivenessWindow) {
}
