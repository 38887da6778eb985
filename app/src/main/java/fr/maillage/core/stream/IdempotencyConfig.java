package fr.maillage.core.stream;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/** maillage.idempotency.*: how long a command's key replays its answer, and how often old keys are purged. */
@ConfigurationProperties("maillage.idempotency")
public record IdempotencyConfig(
        @Bindable(defaultValue = "7d") @NotNull Duration retention,
        @Bindable(defaultValue = "1h") @NotNull Duration purgeInterval) {
}
