package fr.maillage.peersession;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;

import java.time.Duration;
import java.util.List;

/**
 * maillage.session.*: the Jitsi instance (and its optional JWT for a self-hosted one), when
 * reminders go out, when the room link appears, how far a series is expanded.
 */
@ConfigurationProperties("maillage.session")
public record SessionConfig(
        @NotBlank String jitsiBaseUrl,
        @Nullable String jitsiJwtAppId,
        @Nullable String jitsiJwtSecret,
        Duration jitsiJwtLifetime,
        @NotEmpty List<Duration> reminderOffsets,
        Duration reminderInterval,
        Duration roomOpensBefore,
        Duration urgentWithin,
        @Min(1) int maxOccurrences,
        @NotBlank String defaultTimeZone) {

    boolean jwtEnabled() {
        return jitsiJwtAppId != null && !jitsiJwtAppId.isBlank() && jitsiJwtSecret != null && !jitsiJwtSecret.isBlank();
    }
}
